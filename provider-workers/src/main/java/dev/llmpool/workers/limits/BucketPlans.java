package dev.llmpool.workers.limits;

import io.github.bucket4j.BandwidthBuilder;
import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;

/**
 * The Bucket4j configurations of the quotas. Pure.
 *
 * <p>RPM: a token bucket of capacity {@code c} refilled greedily at {@code rpm - c} per minute lets at most
 * {@code c + (rpm - c) = rpm} requests start in any 60-second window, which is the promise a provider's RPM makes
 * however it counts. {@code c} is the burst share of the limit (at least 1), so the bucket gives away that share of
 * the limit for the promise. TPM: a bucket of the whole minute's tokens refilled greedily, as the providers describe
 * their own; a single call's estimate may be as large as the limit.
 */
public final class BucketPlans {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    private BucketPlans() {
    }

    /** The burst of an RPM limit: {@code ceil(rpm * burst)}, at least 1 and below the limit when it can be. */
    public static long rpmCapacity(long rpm, double burst) {
        long capacity = Math.max(1, (long) Math.ceil(rpm * burst));
        return rpm > 1 ? Math.min(capacity, rpm - 1) : 1;
    }

    /** Requests per minute, never more than {@code rpm} starting in any 60-second window (for {@code rpm >= 2}). */
    public static BucketConfiguration rpm(long rpm, double burst) {
        long capacity = rpmCapacity(rpm, burst);
        long refill = Math.max(1, rpm - capacity);
        return BucketConfiguration.builder()
                .addLimit(BandwidthBuilder.builder().capacity(capacity).refillGreedy(refill, MINUTE)
                        .initialTokens(capacity).build())
                .build();
    }

    /** Tokens per minute. */
    public static BucketConfiguration tpm(long tpm) {
        return BucketConfiguration.builder()
                .addLimit(BandwidthBuilder.builder().capacity(tpm).refillGreedy(tpm, MINUTE).build())
                .build();
    }
}
