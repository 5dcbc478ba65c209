package dev.llmpool.core.limits;

import io.github.bucket4j.BandwidthBuilder;
import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;

/**
 * The Bucket4j configurations of the quotas: the providers' (provider-workers) and the API keys' (gateway). Pure.
 *
 * <p>RPM: a token bucket of capacity {@code c} refilled greedily at {@code rpm - c - 1} per minute lets at most
 * {@code rpm - 1} requests start in any 60-second window, one fewer than the provider's RPM: the spare request
 * absorbs the jitter between a start granted here and its arrival at the provider. Without it, grants exactly a
 * minute apart (the bucket's steady pace puts its last refill of a minute on the minute) reach a provider that
 * counts a closed 60-second window as {@code rpm + 1} requests as soon as one call's arrival lags its grant by a
 * millisecond more than another's ({@code SharedRateLimitIT} saw 121 in a minute of a 120 RPM limit).
 * {@code c} is the burst share of the limit (at least 1), so the bucket gives away that share of the limit and one
 * request a minute for the promise. TPM: a bucket of the whole minute's tokens refilled greedily, as the providers describe
 * their own; a single call's estimate may be as large as the limit.
 */
public final class BucketPlans {

    /** The period of a per-minute limit. */
    public static final Duration MINUTE = Duration.ofMinutes(1);

    private BucketPlans() {
    }

    /** The burst of an RPM limit: {@code ceil(rpm * burst)}, at least 1 and below the limit when it can be. */
    public static long rpmCapacity(long rpm, double burst) {
        long capacity = Math.max(1, (long) Math.ceil(rpm * burst));
        return rpm > 1 ? Math.min(capacity, rpm - 1) : 1;
    }

    /**
     * Requests per minute: never more than {@code rpm - 1} starting in any 60-second window (for {@code rpm >= 3}; a
     * smaller limit has no request to spare and gets {@code rpm}).
     */
    public static BucketConfiguration rpm(long rpm, double burst) {
        return rpm(rpm, burst, MINUTE);
    }

    /** Requests per {@code period}, as {@link #rpm(long, double)} per minute. */
    public static BucketConfiguration rpm(long rpm, double burst, Duration period) {
        long capacity = rpmCapacity(rpm, burst);
        long refill = rpm - capacity >= 2 ? rpm - capacity - 1 : Math.max(1, rpm - capacity);
        return BucketConfiguration.builder()
                .addLimit(BandwidthBuilder.builder().capacity(capacity).refillGreedy(refill, period)
                        .initialTokens(capacity).build())
                .build();
    }

    /** Tokens per minute. */
    public static BucketConfiguration tpm(long tpm) {
        return tpm(tpm, MINUTE);
    }

    /** Tokens per {@code period}. */
    public static BucketConfiguration tpm(long tpm, Duration period) {
        return BucketConfiguration.builder()
                .addLimit(BandwidthBuilder.builder().capacity(tpm).refillGreedy(tpm, period).build())
                .build();
    }

    /**
     * The batch lane's share of a limit: {@code limit * (1 - reserve)}, at least 1 (a lane with nothing would never
     * run).
     */
    public static long batchShare(long limit, double reserve) {
        return Math.max(1, (long) Math.floor(limit * (1 - reserve)));
    }
}
