package dev.llmpool.simulator.gemini;

import dev.llmpool.simulator.gemini.wire.BadRequest;
import dev.llmpool.simulator.gemini.wire.ErrorInfo;
import dev.llmpool.simulator.gemini.wire.FieldViolation;
import dev.llmpool.simulator.gemini.wire.Help;
import dev.llmpool.simulator.gemini.wire.HelpLink;
import dev.llmpool.simulator.gemini.wire.LocalizedMessage;
import dev.llmpool.simulator.gemini.wire.QuotaFailure;
import dev.llmpool.simulator.gemini.wire.QuotaViolation;
import dev.llmpool.simulator.gemini.wire.RetryInfo;
import dev.llmpool.simulator.timing.ProtoDurations;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Google's errors for the Gemini API, with the codes, canonical statuses, messages and typed details the real
 * API sends: 400 {@code INVALID_ARGUMENT} (also for a bad API key, with {@code ErrorInfo} reason
 * {@code API_KEY_INVALID}), 403 {@code PERMISSION_DENIED} without a key, 404 {@code NOT_FOUND}, 429
 * {@code RESOURCE_EXHAUSTED} with {@code QuotaFailure}, {@code Help} and {@code RetryInfo}, 500 {@code INTERNAL},
 * 503 {@code UNAVAILABLE}.
 */
public final class GeminiErrors {

    static final String INVALID_ARGUMENT = "INVALID_ARGUMENT";
    static final String SERVICE = "generativelanguage.googleapis.com";

    private static final String RATE_LIMITS_URL = "https://ai.google.dev/gemini-api/docs/rate-limits";

    private GeminiErrors() {
    }

    /** 400 with {@code message} as the API words it. */
    public static GeminiException invalidArgument(String message) {
        return new GeminiException(400, INVALID_ARGUMENT, message, List.of());
    }

    /** 400: a field of the request is wrong, in the API's {@code * GenerateContentRequest.<field>: ...} form. */
    static GeminiException invalidField(String field, String problem) {
        return invalidArgument("* GenerateContentRequest." + field + ": " + problem + "\n");
    }

    /** 400: the body is not JSON, or has a value of the wrong type. */
    static GeminiException invalidJson(String detail) {
        return invalidArgument("Invalid JSON payload received. " + detail);
    }

    /** 400: a field name the API does not know, at the top level ({@code at} null) or inside {@code at}. */
    static GeminiException unknownField(String name, String at) {
        String description = "Invalid JSON payload received. Unknown name \"" + name + "\""
                + (at == null ? "" : " at '" + at + "'") + ": Cannot find field.";
        return new GeminiException(400, INVALID_ARGUMENT, description,
                List.of(new BadRequest(List.of(new FieldViolation(at, description)))));
    }

    /** 400: the key is not valid (Google answers a bad key with 400, not 401). */
    static GeminiException invalidApiKey() {
        String message = "API key not valid. Please pass a valid API key.";
        return new GeminiException(400, INVALID_ARGUMENT, message, List.of(
                new ErrorInfo("API_KEY_INVALID", "googleapis.com", Map.of("service", SERVICE)),
                new LocalizedMessage(message)));
    }

    /** 403: no key and no other identity. */
    static GeminiException missingApiKey() {
        return new GeminiException(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers (callers"
                + " without established identity). Please use API Key or other form of API consumer identity to call"
                + " this API.", List.of());
    }

    /** 404: the model does not exist. */
    static GeminiException modelNotFound(String model) {
        return new GeminiException(404, "NOT_FOUND", "models/" + model + " is not found for API version v1beta, or is"
                + " not supported for generateContent. Call ListModels to see the list of available models and their"
                + " supported methods.", List.of());
    }

    /** 404: nothing lives at this URL or method. */
    static GeminiException notFound(String method, String path) {
        return new GeminiException(404, "NOT_FOUND", "Method not found: " + method + " " + path, List.of());
    }

    /** 429: the per-minute request quota of {@code limit} is used up; retry after {@code retryAfter}. */
    static GeminiException quotaExceeded(int limit, Duration retryAfter, String model) {
        String delay = ProtoDurations.format(retryAfter);
        String message = "You exceeded your current quota, please check your plan and billing details. For more"
                + " information on this error, head to: " + RATE_LIMITS_URL + ". To monitor your current usage, head"
                + " to: https://ai.dev/usage?tab=rate-limit. \n* Quota exceeded for metric: " + SERVICE
                + "/generate_content_requests, limit: " + limit + ", model: " + model
                + "\nPlease retry in " + delay + ".";
        return new GeminiException(429, "RESOURCE_EXHAUSTED", message, List.of(
                new QuotaFailure(List.of(new QuotaViolation(SERVICE + "/generate_content_requests",
                        "GenerateRequestsPerMinutePerProjectPerModel",
                        Map.of("location", "global", "model", model), Integer.toString(limit)))),
                new Help(List.of(new HelpLink("Learn more about Gemini API quotas", RATE_LIMITS_URL))),
                new RetryInfo(delay)));
    }

    /** 500: the API failed (injected). */
    static GeminiException internal() {
        return new GeminiException(500, "INTERNAL", "An internal error has occurred. Please retry or report in"
                + " https://developers.generativeai.google/guide/troubleshooting", List.of());
    }

    /** 503: the model is overloaded. */
    static GeminiException unavailable() {
        return new GeminiException(503, "UNAVAILABLE", "The model is overloaded. Please try again later.", List.of());
    }

    /** The error a {@code [sim:status=N]} directive asks for; a 429 asks to retry after {@code injectedRetryAfter}. */
    static GeminiException forStatus(int status, int limit, Duration injectedRetryAfter, String model) {
        return switch (status) {
            case 400 -> invalidArgument("Request contains an invalid argument.");
            case 401 -> new GeminiException(401, "UNAUTHENTICATED", "Request had invalid authentication credentials."
                    + " Expected OAuth 2 access token, login cookie or other valid authentication credential.",
                    List.of());
            case 403 -> new GeminiException(403, "PERMISSION_DENIED", "The caller does not have permission", List.of());
            case 404 -> new GeminiException(404, "NOT_FOUND", "Requested entity was not found.", List.of());
            case 409 -> new GeminiException(409, "ABORTED", "The operation was aborted.", List.of());
            case 429 -> quotaExceeded(limit, injectedRetryAfter, model);
            case 500 -> internal();
            case 503 -> unavailable();
            case 504 -> new GeminiException(504, "DEADLINE_EXCEEDED", "Deadline expired before operation could"
                    + " complete.", List.of());
            default -> new GeminiException(status, status < 500 ? "FAILED_PRECONDITION" : "UNKNOWN",
                    "Simulated error " + status + ".", List.of());
        };
    }
}
