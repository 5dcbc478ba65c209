package dev.llmpool.workers.limits;

import dev.llmpool.core.limits.BucketPlans;
import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.envelope.Priority;
import dev.llmpool.schemas.names.RedisKeys;
import dev.llmpool.schemas.openai.Usage;
import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The RPM and TPM quotas every worker of a provider shares: Bucket4j buckets (in Redis through the Lettuce proxy
 * manager in production) named by {@link RedisKeys#rateLimit}. A call first takes a request and its estimated
 * tokens, waiting for them (a reservation: the time is spoken for, so waiting workers are served in turn) at most
 * as long as it may; when the call is over, the estimate is corrected with the usage the provider reported (the
 * difference taken or given back), or given back whole when the call failed.
 *
 * <p>A batch-priority call (the batch lane) takes from two sets of buckets: first the lane's own ({@code batch-rpm},
 * {@code batch-tpm} beside the provider's, sized {@code 1 - reserve} of the limits, so batch work never has more than
 * that share), then the provider's, which it shares with interactive calls, so together they never pass the limit.
 * It queues (reserves its turn) in the lane's buckets, which only batch calls use, but never among interactive calls
 * for the provider's: there it takes only what is there, and while nothing is it sleeps until the bucket says it
 * could have room and looks again, so an interactive call that reserved its turn is never put behind it. The exception keeps the lane from starving: up to
 * {@code guaranteedCalls} batch calls per provider and process at a time queue for the provider's buckets like
 * interactive ones. A batch call also gives up at once when {@code stopped} says its batch was stopped.
 */
public final class SharedRateLimits {

    /** How long a waiting batch call sleeps at most before it looks at its batch's stop flag again. */
    public static final Duration LOOK_AGAIN = Duration.ofMillis(250);
    /** The batch lane's buckets: {@code batch-rpm}, {@code batch-tpm}. */
    static final String BATCH_KIND_PREFIX = "batch-";

    /** Where buckets come from: Redis-backed proxies in production, local buckets in tests. */
    @FunctionalInterface
    public interface BucketSource {
        Bucket bucket(String key, Supplier<BucketConfiguration> configuration);
    }

    /**
     * What a call took: release it with {@link #settle} or {@link #refund}.
     *
     * @param lane what a batch call took from the batch lane's own buckets, or null
     */
    public record Permit(String scope, Bucket requests, Bucket tokens, long estimatedTokens, Permit lane) {

        static final Permit NONE = new Permit(null, null, null, 0, null);
    }

    /**
     * The batch lane's share of each quota.
     *
     * @param reserve         the share of each RPM/TPM limit kept for interactive work (batch takes at most the rest)
     * @param guaranteedCalls batch calls per provider and process that may queue for the provider's quota among
     *                        interactive calls (so continuous interactive traffic cannot starve the lane)
     */
    public record BatchShare(double reserve, int guaranteedCalls) {

        public static final BatchShare DEFAULT = new BatchShare(0.2, 1);
    }

    /** A batch call's batch was stopped while it waited for quota: nothing is taken. */
    public static final class BatchStopped extends RuntimeException {

        BatchStopped() {
            super("the batch was stopped", null, false, false);
        }
    }

    private final BucketSource source;
    private final RateLimitProperties properties;
    private final double burst;
    private final TokenEstimator estimator;
    private final BlockingStrategy blocking;
    private final BatchShare batch;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Semaphore> guaranteed = new ConcurrentHashMap<>();

    public SharedRateLimits(BucketSource source, RateLimitProperties properties, double burst,
                            TokenEstimator estimator, BlockingStrategy blocking) {
        this(source, properties, burst, estimator, blocking, BatchShare.DEFAULT);
    }

    public SharedRateLimits(BucketSource source, RateLimitProperties properties, double burst,
                            TokenEstimator estimator, BlockingStrategy blocking, BatchShare batch) {
        this.source = source;
        this.properties = properties;
        this.burst = burst;
        this.estimator = estimator;
        this.blocking = blocking;
        this.batch = batch;
    }

    /** {@link #acquire(AttemptRequest, Duration, BooleanSupplier)} of a call whose batch is never stopped. */
    public Permit acquire(AttemptRequest request, Duration maxWait) throws InterruptedException {
        return acquire(request, maxWait, () -> false);
    }

    /**
     * Takes one request and the call's estimated tokens from the quotas of the attempt's provider and model,
     * waiting for them at most {@code maxWait}; a batch-priority attempt takes them through the batch lane (above).
     *
     * @param stopped asked while a batch call waits: true gives up ({@link BatchStopped})
     * @throws RateLimitExceeded when the quota has no room within {@code maxWait} (nothing is taken then)
     */
    public Permit acquire(AttemptRequest request, Duration maxWait, BooleanSupplier stopped)
            throws InterruptedException {
        RateLimitProperties.ScopedQuota quota = properties.quotaFor(request.provider(), request.model());
        if (quota.unlimited()) {
            return Permit.NONE;
        }
        long estimate = quota.tpm() == null ? 0 : Math.min(quota.tpm(), Math.max(1, estimator.estimate(request)));
        if (request.priority() != Priority.BATCH) {
            return queueFor(quota, estimate, maxWait);
        }
        Semaphore queueing = guaranteed.computeIfAbsent(request.provider(),
                p -> new Semaphore(Math.max(0, batch.guaranteedCalls())));
        boolean queues = queueing.tryAcquire();
        try {
            return throughLane(quota, estimate, new Budget(maxWait), stopped, queues);
        } finally {
            if (queues) {
                queueing.release();
            }
        }
    }

    /** The interactive way: a reservation in the provider's buckets, waited for. */
    private Permit queueFor(RateLimitProperties.ScopedQuota quota, long estimate, Duration maxWait)
            throws InterruptedException {
        long start = System.nanoTime();
        Bucket requests = null;
        if (quota.rpm() != null) {
            requests = requests(quota);
            take(requests, 1, maxWait, quota.scope(), "RPM");
        }
        Bucket tokens = null;
        if (quota.tpm() != null) {
            tokens = tokens(quota);
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
        return new Permit(quota.scope(), requests, tokens, estimate, null);
    }

    /**
     * The batch lane's way: a reservation in the lane's own buckets (only batch calls queue there), then the
     * provider's buckets without queueing (unless {@code queues}); every wait watches the stop flag.
     */
    private Permit throughLane(RateLimitProperties.ScopedQuota quota, long estimate, Budget budget,
                               BooleanSupplier stopped, boolean queues) throws InterruptedException {
        BlockingStrategy watching = watching(stopped, budget);
        Bucket laneRequests = null;
        Bucket laneTokens = null;
        long laneEstimate = 0;
        Bucket requests = null;
        Bucket tokens = null;
        try {
            if (quota.rpm() != null) {
                reserve(laneRequests(quota), 1, budget, watching, stopped, quota.scope(), "batch RPM");
                laneRequests = laneRequests(quota);
            }
            if (quota.tpm() != null) {
                laneEstimate = Math.min(estimate, BucketPlans.batchShare(quota.tpm(), batch.reserve()));
                reserve(laneTokens(quota), laneEstimate, budget, watching, stopped, quota.scope(), "batch TPM");
                laneTokens = laneTokens(quota);
            }
            if (quota.rpm() != null) {
                takeShared(requests(quota), 1, budget, watching, stopped, queues, quota.scope(), "RPM");
                requests = requests(quota);
            }
            if (quota.tpm() != null) {
                takeShared(tokens(quota), estimate, budget, watching, stopped, queues, quota.scope(), "TPM");
                tokens = tokens(quota);
            }
        } catch (RuntimeException | InterruptedException e) {
            refund(new Permit(quota.scope(), requests, tokens, tokens == null ? 0 : estimate,
                    new Permit(quota.scope(), laneRequests, laneTokens, laneEstimate, null)), false);
            throw e;
        }
        return new Permit(quota.scope(), requests, tokens, estimate,
                new Permit(quota.scope(), laneRequests, laneTokens, laneEstimate, null));
    }

    private void takeShared(Bucket bucket, long amount, Budget budget, BlockingStrategy watching,
                            BooleanSupplier stopped, boolean queues, String scope, String quota)
            throws InterruptedException {
        if (queues) {
            reserve(bucket, amount, budget, watching, stopped, scope, quota);
        } else {
            lookFor(bucket, amount, budget, watching, stopped, scope, quota);
        }
    }

    /** A reservation waited for (the stop flag watched meanwhile: a stopped batch gives the reservation back). */
    private void reserve(Bucket bucket, long amount, Budget budget, BlockingStrategy watching,
                         BooleanSupplier stopped, String scope, String quota) throws InterruptedException {
        if (stopped.getAsBoolean()) {
            throw new BatchStopped();
        }
        try {
            take(bucket, amount, budget.left(), scope, quota, watching);
        } catch (BatchStopped e) {
            bucket.addTokens(amount);
            throw e;
        }
    }

    /**
     * Takes {@code amount} from {@code bucket} without a reservation: tries, and while there is no room sleeps until
     * the bucket says there could be (watching the stop flag), within the budget, then tries again.
     */
    private void lookFor(Bucket bucket, long amount, Budget budget, BlockingStrategy watching,
                         BooleanSupplier stopped, String scope, String quota) throws InterruptedException {
        while (true) {
            if (stopped.getAsBoolean()) {
                throw new BatchStopped();
            }
            ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(amount);
            if (probe.isConsumed()) {
                return;
            }
            long wait = Math.max(1_000_000L, probe.getNanosToWaitForRefill());
            if (wait > budget.leftNanos()) {
                throw new RateLimitExceeded(scope, quota, Duration.ofNanos(probe.getNanosToWaitForRefill()));
            }
            watching.park(wait);
        }
    }

    /** Parks in naps of at most {@link #LOOK_AGAIN}, spending the budget, until the stop flag says stop. */
    private BlockingStrategy watching(BooleanSupplier stopped, Budget budget) {
        return nanos -> {
            long left = nanos;
            while (left > 0) {
                if (stopped.getAsBoolean()) {
                    throw new BatchStopped();
                }
                long nap = Math.min(left, LOOK_AGAIN.toNanos());
                blocking.park(nap);
                budget.spend(nap);
                left -= nap;
            }
        };
    }

    /**
     * How long from now until the batch lane of {@code provider} has room for one more call in some quota of the
     * provider (zero: now, or the provider has no limits). Reads the buckets (a Redis call each in production).
     */
    public Duration batchRoom(String provider) {
        Duration soonest = null;
        for (RateLimitProperties.ScopedQuota quota : properties.quotasOf(provider)) {
            long wait = 0;
            if (quota.rpm() != null) {
                wait = Math.max(wait, laneRequests(quota).estimateAbilityToConsume(1).getNanosToWaitForRefill());
            }
            if (quota.tpm() != null) {
                wait = Math.max(wait, laneTokens(quota).estimateAbilityToConsume(1).getNanosToWaitForRefill());
            }
            Duration scopeWait = Duration.ofNanos(Math.max(0, wait));
            if (soonest == null || scopeWait.compareTo(soonest) < 0) {
                soonest = scopeWait;
            }
        }
        return soonest == null ? Duration.ZERO : soonest;
    }

    /** Corrects the token estimate with the usage the provider reported (nothing to correct without usage). */
    public long settle(Permit permit, Usage usage) {
        if (permit.lane() != null) {
            settle(permit.lane(), usage);
        }
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
        if (permit.lane() != null) {
            refund(permit.lane(), called);
        }
        if (permit.tokens() != null && permit.estimatedTokens() > 0) {
            permit.tokens().addTokens(permit.estimatedTokens());
        }
        if (!called && permit.requests() != null) {
            permit.requests().addTokens(1);
        }
    }

    private void take(Bucket bucket, long amount, Duration maxWait, String scope, String quota)
            throws InterruptedException {
        take(bucket, amount, maxWait, scope, quota, blocking);
    }

    private void take(Bucket bucket, long amount, Duration maxWait, String scope, String quota,
                      BlockingStrategy strategy) throws InterruptedException {
        boolean taken = maxWait.isPositive() ? bucket.asBlocking().tryConsume(amount, maxWait, strategy)
                : bucket.tryConsume(amount);
        if (!taken) {
            long nanos = bucket.estimateAbilityToConsume(amount).getNanosToWaitForRefill();
            throw new RateLimitExceeded(scope, quota, Duration.ofNanos(Math.max(0, nanos)));
        }
    }

    private Bucket requests(RateLimitProperties.ScopedQuota quota) {
        return bucket(quota.scope(), "rpm", () -> BucketPlans.rpm(quota.rpm(), burst, quota.period()));
    }

    private Bucket tokens(RateLimitProperties.ScopedQuota quota) {
        return bucket(quota.scope(), "tpm", () -> BucketPlans.tpm(quota.tpm(), quota.period()));
    }

    private Bucket laneRequests(RateLimitProperties.ScopedQuota quota) {
        return bucket(quota.scope(), BATCH_KIND_PREFIX + "rpm", () -> BucketPlans.rpm(
                BucketPlans.batchShare(quota.rpm(), batch.reserve()), burst, quota.period()));
    }

    private Bucket laneTokens(RateLimitProperties.ScopedQuota quota) {
        return bucket(quota.scope(), BATCH_KIND_PREFIX + "tpm", () -> BucketPlans.tpm(
                BucketPlans.batchShare(quota.tpm(), batch.reserve()), quota.period()));
    }

    private Bucket bucket(String scope, String kind, Supplier<BucketConfiguration> configuration) {
        String key = RedisKeys.rateLimit(scope, kind);
        return buckets.computeIfAbsent(key, k -> source.bucket(k, configuration));
    }

    /** How long a call may still wait, counted in the waits it made (the buckets' time, so tests move it). */
    private static final class Budget {

        private long left;

        Budget(Duration maxWait) {
            this.left = Math.max(0, maxWait.toNanos());
        }

        long leftNanos() {
            return left;
        }

        Duration left() {
            return Duration.ofNanos(left);
        }

        void spend(long nanos) {
            left = Math.max(0, left - nanos);
        }
    }
}
