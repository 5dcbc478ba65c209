package dev.llmpool.simulator.anthropic;

import dev.llmpool.simulator.ratelimit.RateLimitDecision;

/**
 * Anthropic's errors, with the status codes, types and messages the real API uses: 400
 * {@code invalid_request_error}, 401 {@code authentication_error}, 402 {@code billing_error}, 403
 * {@code permission_error}, 404 {@code not_found_error}, 413 {@code request_too_large}, 429
 * {@code rate_limit_error}, 500 {@code api_error}, 504 {@code timeout_error}, 529 {@code overloaded_error}.
 */
public final class AnthropicErrors {

    static final String INVALID_REQUEST = "invalid_request_error";
    static final String AUTHENTICATION = "authentication_error";
    static final String NOT_FOUND = "not_found_error";
    static final String RATE_LIMIT = "rate_limit_error";
    static final String API_ERROR = "api_error";
    static final String OVERLOADED = "overloaded_error";
    static final String ORGANIZATION = "00000000-0000-4000-8000-000000000000";

    /** Anthropic's status for an overloaded API. */
    public static final int OVERLOADED_STATUS = 529;

    private AnthropicErrors() {
    }

    /** 400 with a message in the API's {@code field: problem} style. */
    public static AnthropicException invalidRequest(String message) {
        return new AnthropicException(400, INVALID_REQUEST, message, null);
    }

    /** 400: a required field is absent. */
    static AnthropicException fieldRequired(String field) {
        return invalidRequest(field + ": Field required");
    }

    /** 400: the body is not JSON. */
    static AnthropicException invalidJson(String detail) {
        return invalidRequest("There was an error parsing the body of your request: " + detail);
    }

    /** 401: no key sent. */
    static AnthropicException missingApiKey() {
        return new AnthropicException(401, AUTHENTICATION, "x-api-key header is required", null);
    }

    /** 401: the key is rejected. */
    static AnthropicException invalidApiKey() {
        return new AnthropicException(401, AUTHENTICATION, "invalid x-api-key", null);
    }

    /** 404: the model does not exist. */
    static AnthropicException modelNotFound(String model) {
        return new AnthropicException(404, NOT_FOUND, "model: " + model, null);
    }

    /** 404: nothing lives at this URL. */
    static AnthropicException notFound() {
        return new AnthropicException(404, NOT_FOUND, "Not Found", null);
    }

    /** 405: the URL exists, the method does not. */
    static AnthropicException methodNotAllowed() {
        return new AnthropicException(405, INVALID_REQUEST, "Method Not Allowed", null);
    }

    /** 429: the headers report {@code decision}. */
    static AnthropicException rateLimited(RateLimitDecision decision) {
        return new AnthropicException(429, RATE_LIMIT, "This request would exceed the rate limit for your"
                + " organization (" + ORGANIZATION + ") of " + decision.limit() + " requests per minute. For details,"
                + " refer to: https://docs.claude.com/en/api/rate-limits. You can see the response headers for"
                + " current usage. Please reduce the prompt length or the maximum tokens requested, or try again"
                + " later. You may also contact sales at https://claude.com/contact-sales to discuss your options"
                + " for a rate limit increase.", decision);
    }

    /** 500: the API failed (injected). */
    static AnthropicException apiError() {
        return new AnthropicException(500, API_ERROR, "Internal server error", null);
    }

    /** 529: the API is overloaded. */
    static AnthropicException overloaded() {
        return new AnthropicException(OVERLOADED_STATUS, OVERLOADED, "Overloaded", null);
    }

    /**
     * The error a {@code [sim:status=N]} directive asks for.
     *
     * @param injectedRateLimit what a 429's headers report
     */
    static AnthropicException forStatus(int status, RateLimitDecision injectedRateLimit) {
        return switch (status) {
            case 400 -> invalidRequest("Invalid request (simulated by [sim:status=400]).");
            case 401 -> invalidApiKey();
            case 402 -> new AnthropicException(402, "billing_error", "Your credit balance is too low to access the"
                    + " Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.", null);
            case 403 -> new AnthropicException(403, "permission_error", "Your API key does not have permission to use"
                    + " the specified resource.", null);
            case 404 -> new AnthropicException(404, NOT_FOUND, "The requested resource could not be found.", null);
            case 413 -> new AnthropicException(413, "request_too_large", "Request exceeds the maximum allowed number of"
                    + " bytes.", null);
            case 429 -> rateLimited(injectedRateLimit);
            case 500 -> apiError();
            case 504 -> new AnthropicException(504, "timeout_error", "Request timed out.", null);
            case OVERLOADED_STATUS -> overloaded();
            default -> status < 500
                    ? new AnthropicException(status, INVALID_REQUEST, "Simulated error " + status + ".", null)
                    : new AnthropicException(status, API_ERROR, "Simulated error " + status + ".", null);
        };
    }
}
