package dev.llmpool.router.machine;

import java.time.Duration;

/**
 * The numbers the state machine decides with.
 *
 * @param maxAttempts         attempts per job, all models together, before rate limits are waited out
 * @param maxAttemptsPerModel attempts on one model before falling back
 * @param defaultTimeout      the deadline of a job that names none, counted from its creation
 * @param cacheTtl            how long a cached answer lives unless the job says otherwise
 * @param defaultWait         the wait before retrying a rate-limited model (or one whose circuit is open) when the
 *                            provider named none
 * @param maxWaits            attempts a job may add to {@code maxAttempts} by waiting out rate limits and open
 *                            circuits once its retries and fallbacks are used up (the deadline still bounds them)
 */
public record RoutingLimits(int maxAttempts, int maxAttemptsPerModel, Duration defaultTimeout, Duration cacheTtl,
                            Duration defaultWait, int maxWaits) {

    /** One second when the provider names no wait. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(1);
    /** Patient attempts beyond {@code maxAttempts}. */
    public static final int DEFAULT_MAX_WAITS = 8;

    public RoutingLimits {
        if (maxAttempts < 1 || maxAttemptsPerModel < 1) {
            throw new IllegalArgumentException("attempt limits must be at least 1");
        }
        if (defaultTimeout == null || defaultTimeout.isNegative() || defaultTimeout.isZero()) {
            throw new IllegalArgumentException("defaultTimeout must be positive");
        }
        if (cacheTtl == null || cacheTtl.isNegative() || cacheTtl.isZero()) {
            throw new IllegalArgumentException("cacheTtl must be positive");
        }
        if (defaultWait == null || defaultWait.isNegative()) {
            throw new IllegalArgumentException("defaultWait must not be negative");
        }
        if (maxWaits < 0) {
            throw new IllegalArgumentException("maxWaits must not be negative");
        }
    }

    /** Limits with the default wait and patience. */
    public RoutingLimits(int maxAttempts, int maxAttemptsPerModel, Duration defaultTimeout, Duration cacheTtl) {
        this(maxAttempts, maxAttemptsPerModel, defaultTimeout, cacheTtl, DEFAULT_WAIT, DEFAULT_MAX_WAITS);
    }
}
