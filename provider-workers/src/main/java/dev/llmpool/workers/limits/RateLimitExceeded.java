package dev.llmpool.workers.limits;

import java.time.Duration;

/** A call would have to wait longer than it may for the shared quota; {@link #retryAfter()} is how long it would be. */
public final class RateLimitExceeded extends RuntimeException {

    private final transient Duration wait;

    public RateLimitExceeded(String scope, String quota, Duration wait) {
        super("the shared " + quota + " quota of '" + scope + "' has room again in " + wait.toMillis() + " ms");
        this.wait = wait;
    }

    public Duration retryAfter() {
        return wait;
    }
}
