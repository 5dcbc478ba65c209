package dev.llmpool.workers.limits;

import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.names.RedisKeys;
import dev.llmpool.schemas.openai.Usage;
import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * The RPM and TPM quotas every worker of a provider shares: Bucket4j buckets (in Redis through the Lettuce proxy
 * manager in production) named by {@link RedisKeys#rateLimit}. A call first takes a request and its estimated
 * tokens, waiting for them (a reservation: the time is spoken for, so waiting workers are served in turn) at most
 * as long as it may; when the call is over, the estimate is corrected with the usage the provider reported (the
 * difference taken or given back), or given back whole when the call failed.
 */
public final class SharedRateLimits {

    /** Where buckets come from: Redis-backed proxies in production, local buckets in tests. */
    @FunctionalInterface
    public interface BucketSource {
        Bucket bucket(String key, Supplier<BucketConfiguration> configuration);
    }

    /** What a call took: release it with {@link #settle} or {@link #refund}. */
    public record Permit(String scope, Bucket requests, Bucket tokens, long estimatedTokens) {

        static final Permit NONE = new Permit(null, null, null, 0);
    }

    private final BucketSource source;
    private final RateLimitProperties properties;
    private final double burst;
    private final TokenEstimator estimator;
    private final BlockingStrategy blocking;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public SharedRateLimits(BucketSource source, RateLimitProperties properties, double burst,
                            TokenEstimator estimator, BlockingStrategy blocking) {
        this.source = source;
        this.properties = properties;
        this.burst = burst;
        this.estimator = estimator;
        this.blocking = blocking;
    }

    /**
     * Takes one request and the call's estimated tokens from the quotas of the attempt's provider and model,
     * waiting for them at most {@code maxWait}.
     *
     * @throws RateLimitExceeded when the quota has no room within {@code maxWait} (nothing is taken then)
     */
    public Permit acquire(AttemptRequest request, Duration maxWait) throws InterruptedException {
        RateLimitProperties.ScopedQuota quota = properties.quotaFor(request.provider(), request.model());
        if (quota.unlimited()) {
            return Permit.NONE;
        }
        long start = System.nanoTime();
        Bucket requests = null;
        if (quota.rpm() != null) {
            requests = bucket(quota.scope(), "rpm", () -> BucketPlans.rpm(quota.rpm(), burst));
            take(requests, 1, maxWait, quota.scope(), "RPM");
        }
        Bucket tokens = null;
        long estimate = 0;
        if (quota.tpm() != null) {
            estimate = Math.min(quota.tpm(), Math.max(1, estimator.estimate(request)));
            tokens = bucket(quota.scope(), "tpm", () -> BucketPlans.tpm(quota.tpm()));
            Duration left = maxWait.minusNanos(System.nanoTime() - start);
            try {
                take(tokens, estimate, left.isNegative() ? Duration.ZERO : left, quota.scope(), "TPM");
            } catch (RateLimitExceeded | InterruptedException e) {
                if (requests != null) {
                    requests.addTokens(1);
                }
                throw e;
            }
        }
        return new Permit(quota.scope(), requests, tokens, estimate);
    }

    /** Corrects the token estimate with the usage the provider reported (nothing to correct without usage). */
    public long settle(Permit permit, Usage usage) {
        if (permit.tokens() == null || usage == null) {
            return 0;
        }
        long actual = usage.totalTokens() > 0 ? usage.totalTokens() : usage.promptTokens() + usage.completionTokens();
        long difference = actual - permit.estimatedTokens();
        if (difference > 0) {
            permit.tokens().consumeIgnoringRateLimits(difference);
        } else if (difference < 0) {
            permit.tokens().addTokens(-difference);
        }
        return difference;
    }

    /**
     * Gives the tokens back: the call was not made, or the provider refused it. The request stays taken when the
     * provider was called ({@code called}): it counted there.
     */
    public void refund(Permit permit, boolean called) {
        if (permit.tokens() != null && permit.estimatedTokens() > 0) {
            permit.tokens().addTokens(permit.estimatedTokens());
        }
        if (!called && permit.requests() != null) {
            permit.requests().addTokens(1);
        }
    }

    private void take(Bucket bucket, long amount, Duration maxWait, String scope, String quota)
            throws InterruptedException {
        boolean taken = maxWait.isPositive() ? bucket.asBlocking().tryConsume(amount, maxWait, blocking)
                : bucket.tryConsume(amount);
        if (!taken) {
            long nanos = bucket.estimateAbilityToConsume(amount).getNanosToWaitForRefill();
            throw new RateLimitExceeded(scope, quota, Duration.ofNanos(Math.max(0, nanos)));
        }
    }

    private Bucket bucket(String scope, String kind, Supplier<BucketConfiguration> configuration) {
        String key = RedisKeys.rateLimit(scope, kind);
        return buckets.computeIfAbsent(key, k -> source.bucket(k, configuration));
    }
}
