package dev.llmpool.simulator.openai;

import dev.llmpool.simulator.openai.wire.ErrorBody;
import dev.llmpool.simulator.ratelimit.RateLimitDecision;
import dev.llmpool.simulator.timing.GoDurations;

/** OpenAI's errors, with the messages, types and codes the real API uses. */
public final class OpenAiErrors {

    static final String INVALID_REQUEST = "invalid_request_error";
    static final String SERVER_ERROR = "server_error";
    static final String ORGANIZATION = "org-simulator";

    private OpenAiErrors() {
    }

    /** 400: the body is not JSON, or not the JSON the endpoint expects. */
    public static OpenAiException invalidJson(String detail) {
        return bad(null, "invalid_json", "We could not parse the JSON body of your request. (HINT: This likely means you"
                + " aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was"
                + " not valid JSON.) " + detail);
    }

    /** 400: a required parameter is missing. */
    public static OpenAiException missingParameter(String param) {
        return bad(param, "missing_required_parameter", "Missing required parameter: '" + param + "'.");
    }

    /** 400: a parameter has a value the API does not accept. */
    public static OpenAiException invalidValue(String param, String message) {
        return bad(param, "invalid_value", message);
    }

    /** 400: a parameter has the wrong JSON type. */
    public static OpenAiException invalidType(String param, String message) {
        return bad(param, "invalid_type", message);
    }

    /** 400: an array that must not be empty is. */
    public static OpenAiException emptyArray(String param) {
        return bad(param, "empty_array", "Invalid '" + param + "': empty array. Expected an array with minimum length 1,"
                + " but got an empty array instead.");
    }

    /** 400: an integer below its minimum. */
    public static OpenAiException belowMinimum(String param, long value, long minimum) {
        return bad(param, "integer_below_min_value", "Invalid '" + param + "': integer below minimum value. Expected a"
                + " value >= " + minimum + ", but got " + value + " instead.");
    }

    /** 400: an integer above its maximum. */
    public static OpenAiException aboveMaximum(String param, long value, long maximum) {
        return bad(param, "integer_above_max_value", "Invalid '" + param + "': integer above maximum value. Expected a"
                + " value <= " + maximum + ", but got " + value + " instead.");
    }

    /** 401: the key is rejected. */
    public static OpenAiException invalidApiKey(String key) {
        String shown = key.length() <= 8 ? key : key.substring(0, 8) + "*".repeat(4) + key.substring(key.length() - 4);
        return new OpenAiException(401, new ErrorBody("Incorrect API key provided: " + shown + ". You can find your API"
                + " key at https://platform.openai.com/account/api-keys.", INVALID_REQUEST, null, "invalid_api_key"), null);
    }

    /** 401 repeating the whole key ({@code [sim:leak_key]}): what no real provider should do. */
    public static OpenAiException keyEchoed(String key) {
        return new OpenAiException(401, new ErrorBody("Incorrect API key provided: " + key + ". You can find your API"
                + " key at https://platform.openai.com/account/api-keys.", INVALID_REQUEST, null, "invalid_api_key"), null);
    }

    /** 404: the model does not exist. */
    public static OpenAiException modelNotFound(String model) {
        return new OpenAiException(404, new ErrorBody("The model `" + model + "` does not exist or you do not have"
                + " access to it.", INVALID_REQUEST, null, "model_not_found"), null);
    }

    /** 404: nothing lives at this URL. */
    public static OpenAiException unknownUrl(String method, String path) {
        return new OpenAiException(404, new ErrorBody("Invalid URL (" + method + " " + path + ")", INVALID_REQUEST, null,
                "unknown_url"), null);
    }

    /** 405: the URL exists, the method does not. */
    public static OpenAiException methodNotAllowed(String method, String path) {
        return new OpenAiException(405, new ErrorBody("Method " + method + " is not allowed for " + path + ".",
                INVALID_REQUEST, null, "method_not_allowed"), null);
    }

    /** 429 from the real limiter: the headers report {@code decision}. */
    public static OpenAiException rateLimited(RateLimitDecision decision) {
        return new OpenAiException(429, new ErrorBody("Rate limit reached in organization " + ORGANIZATION
                + " on requests per min (RPM): Limit " + decision.limit() + ", Used " + decision.limit() + ", Requested 1."
                + " Please try again in " + GoDurations.format(decision.retryAfter()) + ". Visit"
                + " https://platform.openai.com/account/rate-limits to learn more.", "requests", null, "rate_limit_exceeded"),
                decision);
    }

    /** 500: the server failed (injected). */
    public static OpenAiException serverError() {
        return new OpenAiException(500, serverErrorBody("The server had an error while processing your request. Sorry"
                + " about that!"), null);
    }

    /** The body of a 500, also used for errors in the middle of a stream. */
    public static ErrorBody serverErrorBody(String message) {
        return new ErrorBody(message, SERVER_ERROR, null, SERVER_ERROR);
    }

    /**
     * The error a {@code [sim:status=N]} directive asks for.
     *
     * @param injectedRateLimit what a 429's headers report
     */
    public static OpenAiException forStatus(int status, RateLimitDecision injectedRateLimit) {
        return switch (status) {
            case 400 -> bad(null, "invalid_request", "Invalid request (simulated by [sim:status=400]).");
            case 401 -> invalidApiKey("sk-simulated");
            case 403 -> other(403, "permission_denied", INVALID_REQUEST, "You are not allowed to sample from this model.");
            case 404 -> other(404, "not_found", INVALID_REQUEST, "Not found (simulated by [sim:status=404]).");
            case 408 -> other(408, "timeout", INVALID_REQUEST, "Request timed out.");
            case 409 -> other(409, "conflict", INVALID_REQUEST, "Conflict (simulated by [sim:status=409]).");
            case 422 -> other(422, "unprocessable_entity", INVALID_REQUEST, "Unprocessable entity.");
            case 429 -> rateLimited(injectedRateLimit);
            case 500 -> serverError();
            case 502 -> other(502, "bad_gateway", SERVER_ERROR, "Bad gateway.");
            case 503 -> other(503, "service_unavailable", SERVER_ERROR,
                    "The engine is currently overloaded, please try again later.");
            case 504 -> other(504, "timeout", SERVER_ERROR, "Gateway timeout.");
            default -> status < 500
                    ? other(status, "simulated_error", INVALID_REQUEST, "Simulated error " + status + ".")
                    : other(status, "simulated_error", SERVER_ERROR, "Simulated error " + status + ".");
        };
    }

    private static OpenAiException bad(String param, String code, String message) {
        return new OpenAiException(400, new ErrorBody(message, INVALID_REQUEST, param, code), null);
    }

    private static OpenAiException other(int status, String code, String type, String message) {
        return new OpenAiException(status, new ErrorBody(message, type, null, code), null);
    }
}
