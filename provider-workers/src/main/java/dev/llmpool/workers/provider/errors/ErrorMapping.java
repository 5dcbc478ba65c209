package dev.llmpool.workers.provider.errors;

import dev.llmpool.schemas.envelope.AttemptError;
import dev.llmpool.schemas.envelope.ErrorClass;
import java.net.http.HttpHeaders;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The one mapping from a provider's error answer to the pool's {@link ErrorClass}: HTTP status, headers and body in,
 * an {@link AttemptError} out, with the wait the provider asked for. Resilience4j's retry and the router's failure
 * policy both read its verdict. One instance per provider type, holding that provider's {@link ProviderErrors}.
 * Pure: no I/O, no logging, time passed in. Messages are the provider's own text, uncut: the provider's
 * {@code ProviderHttp} cleans them ({@link ErrorText}) as they leave the call, where the key is known.
 *
 * <p>Rules, in order: a 429 whose code is {@code insufficient_quota} (or a 402, or Anthropic's {@code billing_error})
 * is {@code QUOTA_EXHAUSTED}, never retried; any other 429 (Anthropic {@code rate_limit_error}, Gemini
 * {@code RESOURCE_EXHAUSTED}) is {@code RATE_LIMITED}; a 400/422 is {@code QUOTA_EXHAUSTED} when the account has no
 * credit left (Anthropic), {@code AUTHENTICATION} when the key was rejected (Gemini answers a bad key with 400),
 * {@code CONTEXT_WINDOW_EXCEEDED} when the prompt does not fit, {@code CONTENT_POLICY} when the provider's policy
 * refused it, else {@code BAD_REQUEST}; 401/403 are {@code AUTHENTICATION}; 404 is {@code MODEL_NOT_FOUND};
 * 408/409/425/5xx/529 are {@code TRANSIENT}; any other 4xx is {@code BAD_REQUEST}. Then {@code x-should-retry}
 * overrides retriability: {@code true} turns a non-retriable class (but quota) into {@code TRANSIENT}; {@code false}
 * turns a 429 into {@code QUOTA_EXHAUSTED}, a retriable 4xx into {@code BAD_REQUEST} and a 5xx into
 * {@code UNSUPPORTED} (this request will not succeed at this provider; another provider may take it). Retriability is
 * a property of the class, so the override is expressed as a class.
 *
 * <p>The wait: {@link RetryAfter} ({@code retry-after-ms}, else {@code retry-after}), else, on a 429 only, the
 * provider's own reset headers ({@link ProviderErrors#resetWaitMs}), else the wait its body names
 * ({@link ProviderErrors#bodyWaitMs}). The provider code is the body's {@code code}, else its {@code type}.
 */
public final class ErrorMapping {

    private final ProviderErrors quirks;

    public ErrorMapping(ProviderErrors quirks) {
        this.quirks = quirks;
    }

    /** Classifies an HTTP error response. */
    public AttemptError fromHttp(int status, HttpHeaders headers, String body, Instant now) {
        ErrorBody error = ErrorBody.parse(body, quirks);
        ErrorClass errorClass = applyShouldRetry(classify(status, error), status, headers.firstValue("x-should-retry"));
        Long wait = RetryAfter.millis(headers, now);
        if (wait == null && status == 429) {
            wait = quirks.resetWaitMs(headers, now);
        }
        if (wait == null) {
            wait = error.retryDelayMs();
        }
        String message = error.message() != null ? error.message()
                : body == null || body.isBlank() ? "HTTP " + status : body;
        return new AttemptError(errorClass, message, status, wait, error.providerCode());
    }

    /**
     * Classifies an error that arrived in a 200 answer: a frame of a stream that had started
     * ({@code data: {"error":...}}), or a whole body. The error's type or code stands in for the status.
     */
    public AttemptError fromStreamError(String errorJson) {
        ErrorBody error = ErrorBody.parse(errorJson, quirks);
        ErrorClass errorClass = classify(error.namedStatus(), error);
        String message = error.message() != null ? error.message() : errorJson;
        return new AttemptError(errorClass, "stream error: " + message, null, error.retryDelayMs(),
                error.providerCode());
    }

    /** Whether a JSON answer (a 200 body, a stream frame) is an error, as this provider marks one. */
    public boolean isError(JsonNode answer) {
        return answer != null && quirks.isError(answer);
    }

    static ErrorClass classify(int status, ErrorBody error) {
        if (status == 429) {
            return error.isQuota() ? ErrorClass.QUOTA_EXHAUSTED : ErrorClass.RATE_LIMITED;
        }
        if (status == 402) {
            return ErrorClass.QUOTA_EXHAUSTED;
        }
        if (status == 400 || status == 422) {
            return classifyBadRequest(error);
        }
        if (status == 401 || status == 403) {
            return ErrorClass.AUTHENTICATION;
        }
        if (status == 404) {
            return ErrorClass.MODEL_NOT_FOUND;
        }
        if (status == 408 || status == 409 || status == 425 || status >= 500) {
            return ErrorClass.TRANSIENT;
        }
        return status >= 400 ? ErrorClass.BAD_REQUEST : ErrorClass.TRANSIENT;
    }

    private static ErrorClass classifyBadRequest(ErrorBody error) {
        if (error.isQuota()) {
            return ErrorClass.QUOTA_EXHAUSTED;
        }
        if (error.keyRejected()) {
            return ErrorClass.AUTHENTICATION;
        }
        if (error.isContextLength()) {
            return ErrorClass.CONTEXT_WINDOW_EXCEEDED;
        }
        return error.isContentPolicy() ? ErrorClass.CONTENT_POLICY : ErrorClass.BAD_REQUEST;
    }

    static ErrorClass applyShouldRetry(ErrorClass errorClass, int status, Optional<String> shouldRetry) {
        if (shouldRetry.isEmpty()) {
            return errorClass;
        }
        String value = shouldRetry.get().trim().toLowerCase(Locale.ROOT);
        if (value.equals("true") && !errorClass.retriable() && errorClass != ErrorClass.QUOTA_EXHAUSTED) {
            return ErrorClass.TRANSIENT;
        }
        if (value.equals("false") && errorClass.retriable()) {
            if (status == 429) {
                return ErrorClass.QUOTA_EXHAUSTED;
            }
            return status >= 400 && status < 500 ? ErrorClass.BAD_REQUEST : ErrorClass.UNSUPPORTED;
        }
        return errorClass;
    }
}
