package dev.llmpool.workers.resilience;

import dev.llmpool.schemas.envelope.AttemptError;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * How long a worker waits before retrying a call itself, or whether it gives the attempt back instead. Pure but for
 * the injected clock and random source.
 *
 * <p>The wait is the configured backoff (Resilience4j's exponential backoff with jitter), or, when the provider said
 * how long to wait ({@code retry-after}, reset headers, {@code RetryInfo}), that wait plus up to
 * {@code jitter} of it again (so workers told the same reset do not all return at the same instant), whichever is
 * longer. No retry when the wait is longer than {@code maxWait} (the attempt goes back to the router carrying the
 * provider's wait) or would end past the job's deadline.
 */
public final class RetryWaits {

    /** Returned instead of a wait: do not retry. */
    public static final long GIVE_UP = -1;

    private final Clock clock;
    private final RandomGenerator random;
    private final Duration maxWait;
    private final double jitter;

    public RetryWaits(Clock clock, RandomGenerator random, Duration maxWait, double jitter) {
        this.clock = clock;
        this.random = random;
        this.maxWait = maxWait;
        this.jitter = jitter;
    }

    /**
     * @param error     the failure to retry
     * @param backoffMs the configured backoff for this retry
     * @param deadline  the job's deadline, or null
     * @return milliseconds to wait, or {@link #GIVE_UP}
     */
    public long waitMs(AttemptError error, long backoffMs, Instant deadline) {
        long wait = Math.max(0, backoffMs);
        Long asked = error.retryAfterMs();
        if (asked != null && asked > 0) {
            if (asked > maxWait.toMillis()) {
                return GIVE_UP;
            }
            long spread = (long) Math.floor(asked * jitter * random.nextDouble());
            wait = Math.max(wait, asked + spread);
        }
        if (wait > maxWait.toMillis()) {
            wait = maxWait.toMillis();
        }
        if (deadline != null && !clock.instant().plusMillis(wait).isBefore(deadline)) {
            return GIVE_UP;
        }
        return wait;
    }
}
