package dev.llmpool.embedded.redis;

import java.time.Duration;

/**
 * How long a {@link SupervisedRedis} waits before starting its server again: {@code initial} after a server that had
 * run for at least {@code stableAfter}, then twice as long for each further death or failed start in a row, never
 * more than {@code max}. Pure.
 *
 * @param initial     the first wait
 * @param max         the longest wait
 * @param stableAfter how long a server must have run for its death to start the doubling over
 */
record RestartBackoff(Duration initial, Duration max, Duration stableAfter) {

    /** A quarter second at first, at most 10 s; a server that ran for 30 s counts as having been well. */
    static final RestartBackoff DEFAULT = new RestartBackoff(Duration.ofMillis(250), Duration.ofSeconds(10),
            Duration.ofSeconds(30));

    RestartBackoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= max, got " + initial + " and " + max);
        }
    }

    /** The failures in a row after a server died having run for {@code uptime}, {@code before} the ones before it. */
    int failuresAfterDeath(int before, Duration uptime) {
        return uptime.compareTo(stableAfter) >= 0 ? 1 : before + 1;
    }

    /** The wait before the next start after {@code failures} (at least 1) deaths or failed starts in a row. */
    Duration delay(int failures) {
        Duration delay = initial;
        for (int i = 1; i < failures && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
