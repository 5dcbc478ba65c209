package dev.llmpool.simulator.ratelimit;

import java.time.Duration;

/**
 * The limiter's answer to one request, with what the rate-limit headers report.
 *
 * @param admitted   whether the request may proceed
 * @param limit      requests per minute
 * @param remaining  requests that could still be admitted right now
 * @param resetAfter time until the limit is back to its initial state (all {@code limit} requests available)
 * @param retryAfter time until the next request would be admitted; zero when this one was
 */
public record RateLimitDecision(boolean admitted, int limit, int remaining, Duration resetAfter,
        Duration retryAfter) {

    /** A 429 that was injected rather than earned: nothing remains, retry after {@code wait}. */
    public static RateLimitDecision exhausted(int limit, Duration wait) {
        return new RateLimitDecision(false, limit, 0, wait, wait);
    }
}
