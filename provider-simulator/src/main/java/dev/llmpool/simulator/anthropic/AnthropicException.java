package dev.llmpool.simulator.anthropic;

import dev.llmpool.simulator.ratelimit.RateLimitDecision;

/**
 * An answer in Anthropic's error shape, thrown where the problem is found and written by the handler.
 *
 * @see AnthropicErrors
 */
public final class AnthropicException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String type;
    private final transient RateLimitDecision rateLimit;

    AnthropicException(int status, String type, String message, RateLimitDecision rateLimit) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.rateLimit = rateLimit;
    }

    public int status() {
        return status;
    }

    /** The error type, e.g. {@code invalid_request_error}, {@code rate_limit_error}, {@code overloaded_error}. */
    public String type() {
        return type;
    }

    /** For 429s: the limit state the headers must report (remaining 0, retry after); otherwise {@code null}. */
    public RateLimitDecision rateLimit() {
        return rateLimit;
    }
}
