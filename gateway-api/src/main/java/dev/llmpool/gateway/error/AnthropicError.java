package dev.llmpool.gateway.error;

/**
 * Anthropic's error body, {@code {"type":"error","error":{"type","message"}}}, for what fails on the Messages API:
 * the same {@link ApiException} every other API answers, its status kept and named in Anthropic's words (400
 * {@code invalid_request_error}, 401 {@code authentication_error}, 402 {@code billing_error}, 403
 * {@code permission_error}, 404 {@code not_found_error}, 413 {@code request_too_large}, 429
 * {@code rate_limit_error}, 503 and 529 {@code overloaded_error}, 504 {@code timeout_error}, any other 5xx
 * {@code api_error}). Also the data of a stream's {@code event: error}.
 */
public record AnthropicError(String type, Body error) {

    public record Body(String type, String message) {
    }

    public static AnthropicError of(ApiException error) {
        return new AnthropicError("error", new Body(type(error.status()), error.getMessage()));
    }

    /** Anthropic's error type for an HTTP status. */
    public static String type(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 402 -> "billing_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 503, 529 -> "overloaded_error";
            case 504 -> "timeout_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }
}
