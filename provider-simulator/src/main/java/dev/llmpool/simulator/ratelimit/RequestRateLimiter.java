package dev.llmpool.simulator.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Requests-per-minute limit as a token bucket (GCRA): a burst of up to {@code rpm} requests, refilled at
 * {@code rpm / 60 s}, which is how OpenAI describes its own limits. Lock-free: one compare-and-set per request.
 * Time comes from the injected {@link Clock}, so tests move it by hand. The limit is passed on every call, so a
 * live settings change takes effect at once, keeping the number of requests already in the bucket.
 */
public final class RequestRateLimiter {

    /** What the headers report when no limit is set: a generous tier that never runs dry. */
    public static final int UNLIMITED_REPORTED_LIMIT = 30_000;

    private static final long NANOS_PER_MINUTE = 60_000_000_000L;
    private static final RateLimitDecision UNLIMITED = new RateLimitDecision(true, UNLIMITED_REPORTED_LIMIT,
            UNLIMITED_REPORTED_LIMIT - 1, Duration.ofNanos(NANOS_PER_MINUTE / UNLIMITED_REPORTED_LIMIT), Duration.ZERO);

    private final Clock clock;
    private final AtomicReference<Bucket> bucket = new AtomicReference<>(new Bucket(Long.MIN_VALUE, 1));

    public RequestRateLimiter(Clock clock) {
        this.clock = clock;
    }

    /**
     * Admits one request if the bucket allows; an admitted request counts whatever happens to it later.
     *
     * @param requestsPerMinute the limit; {@code 0} admits everything
     */
    public RateLimitDecision acquire(int requestsPerMinute) {
        if (requestsPerMinute <= 0) {
            return UNLIMITED;
        }
        long interval = interval(requestsPerMinute);
        long tolerance = interval * (requestsPerMinute - 1L);
        long now = epochNanos(clock.instant());
        while (true) {
            Bucket current = bucket.get();
            long backlog = current.backlog(now, requestsPerMinute);
            if (backlog > tolerance) {
                return new RateLimitDecision(false, requestsPerMinute, 0, Duration.ofNanos(backlog),
                        Duration.ofNanos(backlog - tolerance));
            }
            long next = backlog + interval;
            if (bucket.compareAndSet(current, new Bucket(now + next, requestsPerMinute))) {
                return new RateLimitDecision(true, requestsPerMinute, remaining(requestsPerMinute, next, interval),
                        Duration.ofNanos(next), Duration.ZERO);
            }
        }
    }

    /** The limiter's state as headers would report it, without admitting anything (for answers that do not count). */
    public RateLimitDecision peek(int requestsPerMinute) {
        if (requestsPerMinute <= 0) {
            return UNLIMITED;
        }
        long interval = interval(requestsPerMinute);
        long tolerance = interval * (requestsPerMinute - 1L);
        long backlog = bucket.get().backlog(epochNanos(clock.instant()), requestsPerMinute);
        return new RateLimitDecision(backlog <= tolerance, requestsPerMinute,
                remaining(requestsPerMinute, backlog, interval), Duration.ofNanos(backlog),
                Duration.ofNanos(Math.max(0, backlog - tolerance)));
    }

    private static long interval(int requestsPerMinute) {
        return NANOS_PER_MINUTE / requestsPerMinute;
    }

    private static int remaining(int requestsPerMinute, long backlog, long interval) {
        return (int) Math.max(0, requestsPerMinute - ceilDiv(backlog, interval));
    }

    private static long ceilDiv(long value, long divisor) {
        return -Math.floorDiv(-value, divisor);
    }

    private static long epochNanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    /**
     * The bucket's state: the theoretical arrival time of the next request (epoch nanoseconds; in the past when the
     * bucket is full) under the limit it was computed for.
     */
    private record Bucket(long theoreticalArrival, int requestsPerMinute) {

        /** How far the next arrival is ahead of {@code now}, rescaled to {@code limit} if the limit changed. */
        long backlog(long now, int limit) {
            if (theoreticalArrival <= now) {
                return 0;
            }
            long backlog = theoreticalArrival - now;
            if (limit == requestsPerMinute) {
                return backlog;
            }
            double requestsInBucket = (double) backlog / interval(requestsPerMinute);
            return (long) Math.ceil(requestsInBucket * interval(limit));
        }
    }
}
