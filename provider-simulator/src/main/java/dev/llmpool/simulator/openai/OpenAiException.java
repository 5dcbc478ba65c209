package dev.llmpool.simulator.openai;

import dev.llmpool.simulator.openai.wire.ErrorBody;
import dev.llmpool.simulator.ratelimit.RateLimitDecision;

/**
 * An answer in OpenAI's error shape, thrown where the problem is found and written by the handler.
 *
 * @see OpenAiErrors
 */
public final class OpenAiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient ErrorBody body;
    private final transient RateLimitDecision rateLimit;

    OpenAiException(int status, ErrorBody body, RateLimitDecision rateLimit) {
        super(status + " " + body.type() + ": " + body.message(), null, false, false);
        this.status = status;
        this.body = body;
        this.rateLimit = rateLimit;
    }

    public int status() {
        return status;
    }

    public ErrorBody body() {
        return body;
    }

    /** For 429s: the limit state the headers must report (remaining 0, retry after); otherwise {@code null}. */
    public RateLimitDecision rateLimit() {
        return rateLimit;
    }
}
