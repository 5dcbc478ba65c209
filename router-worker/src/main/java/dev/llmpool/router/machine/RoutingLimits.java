package dev.llmpool.router.machine;

import java.time.Duration;

/**
 * The numbers the state machine decides with.
 *
 * @param maxAttempts         attempts per job, all models together
 * @param maxAttemptsPerModel attempts on one model before falling back
 * @param defaultTimeout      the deadline of a job that names none, counted from its creation
 * @param cacheTtl            how long a cached answer lives unless the job says otherwise
 */
public record RoutingLimits(int maxAttempts, int maxAttemptsPerModel, Duration defaultTimeout, Duration cacheTtl) {

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
    }
}
