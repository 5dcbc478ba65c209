package dev.llmpool.simulator.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests-per-minute limit as a token bucket (GCRA): a burst of up to {@code rpm} requests, refilled at
 * {@code rpm / 60 s}, which is how OpenAI describes its own limits. Lock-free: one compare-and-set per request.
 * Time comes from the injected {@link Clock}, so tests move it by hand. The limit is passed on every call, so a
 * live settings change takes effect at once.
 */
public final class RequestRateLimiter {

  /** What the headers report when no limit is set: a generous tier that never runs dry. */
  public static final int UNLIMITED_REPORTED_LIMIT = 30_000;

  private static final long NANOS_PER_MINUTE = 60_000_000_000L;
  private static final RateLimitDecision UNLIMITED = new RateLimitDecision(true, UNLIMITED_REPORTED_LIMIT,
      UNLIMITED_REPORTED_LIMIT - 1, Duration.ofNanos(NANOS_PER_MINUTE / UNLIMITED_REPORTED_LIMIT), Duration.ZERO);

  private final Clock clock;
  /** Theoretical arrival time of the next request in epoch nanoseconds; in the past when the bucket is full. */
  private final AtomicLong theoreticalArrival = new AtomicLong(Long.MIN_VALUE);

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
    long interval = NANOS_PER_MINUTE / requestsPerMinute;
    long tolerance = interval * (requestsPerMinute - 1L);
    long now = epochNanos(clock.instant());
    while (true) {
      long current = theoreticalArrival.get();
      long base = Math.max(current, now);
      long backlog = base - now;
      if (backlog > tolerance) {
        return new RateLimitDecision(false, requestsPerMinute, 0, Duration.ofNanos(backlog),
            Duration.ofNanos(backlog - tolerance));
      }
      long next = base + interval;
      if (theoreticalArrival.compareAndSet(current, next)) {
        long inUse = ceilDiv(next - now, interval);
        int remaining = (int) Math.max(0, requestsPerMinute - inUse);
        return new RateLimitDecision(true, requestsPerMinute, remaining, Duration.ofNanos(next - now), Duration.ZERO);
      }
    }
  }

  /** The limiter's state as headers would report it, without admitting anything (for answers that do not count). */
  public RateLimitDecision peek(int requestsPerMinute) {
    if (requestsPerMinute <= 0) {
      return UNLIMITED;
    }
    long interval = NANOS_PER_MINUTE / requestsPerMinute;
    long tolerance = interval * (requestsPerMinute - 1L);
    long now = epochNanos(clock.instant());
    long backlog = Math.max(0, theoreticalArrival.get() - now);
    int remaining = (int) Math.max(0, requestsPerMinute - ceilDiv(backlog, interval));
    Duration retryAfter = Duration.ofNanos(Math.max(0, backlog - tolerance));
    return new RateLimitDecision(backlog <= tolerance, requestsPerMinute, remaining, Duration.ofNanos(backlog),
        retryAfter);
  }

  private static long ceilDiv(long value, long divisor) {
    return -Math.floorDiv(-value, divisor);
  }

  private static long epochNanos(Instant instant) {
    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
  }
}
