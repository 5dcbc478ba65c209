package dev.llmpool.schemas.envelope;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What an attempt's failure means for what happens next. One vocabulary for the worker's ack decision,
 * the router's fallback decision and the gateway's HTTP status.
 */
public enum ErrorClass {
    /** The provider asked us to wait ({@code retry-after} or a reset header); retriable after that wait. */
    RATE_LIMITED(true, 429, "rate_limit_exceeded", "rate_limit_error"),
    /** A transient failure (5xx, overload, network, timeout); retriable now. */
    TRANSIENT(true, 502, "upstream_error", "server_error"),
    /**
     * The worker's circuit breaker for this provider/model is open (it has been failing); the call was not made.
     * Another provider may answer now; this one after the breaker's open period.
     */
    CIRCUIT_OPEN(false, 503, "upstream_circuit_open", "server_error"),
    /** The prompt does not fit the model's context window; a larger-context model may succeed. */
    CONTEXT_WINDOW_EXCEEDED(false, 400, "context_length_exceeded", "invalid_request_error"),
    /** The provider refused on content policy grounds; another provider may answer. */
    CONTENT_POLICY(false, 400, "content_policy_violation", "invalid_request_error"),
    /** The request itself is wrong; no provider will accept it. */
    BAD_REQUEST(false, 400, "invalid_request", "invalid_request_error"),
    /** The pool's key for this provider is wrong. */
    AUTHENTICATION(false, 502, "upstream_authentication", "server_error"),
    /** The account's quota is exhausted; never retried. */
    QUOTA_EXHAUSTED(false, 429, "insufficient_quota", "insufficient_quota"),
    /** The model does not exist at the provider. */
    MODEL_NOT_FOUND(false, 404, "model_not_found", "invalid_request_error"),
    /** The job's deadline passed before an answer. */
    DEADLINE_EXCEEDED(false, 504, "deadline_exceeded", "timeout_error"),
    /** The provider cannot do what the request asks (a feature it lacks). */
    UNSUPPORTED(false, 400, "unsupported_parameter", "invalid_request_error"),
    /** Every option was tried and failed. */
    EXHAUSTED(false, 502, "upstream_exhausted", "server_error"),
    /** A bug or unexpected state inside the pool. */
    INTERNAL(false, 500, "internal_error", "server_error"),
    /**
     * The job's batch was cancelled or expired before the attempt started: the provider was not called. Not retried,
     * no fallback, no dead letter.
     */
    CANCELLED(false, 409, "cancelled", "invalid_request_error");

    private final boolean retriable;
    private final int httpStatus;
    private final String code;
    private final String openAiType;

    ErrorClass(boolean retriable, int httpStatus, String code, String openAiType) {
        this.retriable = retriable;
        this.httpStatus = httpStatus;
        this.code = code;
        this.openAiType = openAiType;
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ErrorClass parse(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    public boolean retriable() {
        return retriable;
    }

    /** The status the gateway answers a client with when a job ends in this class. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The OpenAI-style {@code error.code}. */
    public String code() {
        return code;
    }

    /** The OpenAI-style {@code error.type}. */
    public String openAiType() {
        return openAiType;
    }
}
