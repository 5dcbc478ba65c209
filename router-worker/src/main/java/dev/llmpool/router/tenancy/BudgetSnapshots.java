package dev.llmpool.router.tenancy;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.llmpool.core.tenancy.BudgetHolds;
import dev.llmpool.core.tenancy.Budgets;
import dev.llmpool.core.tenancy.Money;
import dev.llmpool.router.policy.escalation.TenantBudget;
import dev.llmpool.router.policy.features.Features;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.names.MetadataKeys;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The router's {@link TenantBudget}: where the budgets of each tenant (and key) it routes for stand, kept in memory.
 * {@link #prepare} is called before a job's record is decided, off the pure core: the first job of a tenant and key
 * waits for one read of their budgets; after that the view is answered from memory and read again in the background
 * once it is older than {@code refresh} (Caffeine's refresh-after-write), so a decision never waits on Redis. A view
 * unused for {@code idle} is forgotten. What is left for a job counts the job's own reservation
 * ({@link MetadataKeys#BUDGET_HOLD}) as room it may spend; a job no one reserved for (a producer's on Kafka) has only
 * what its budgets have left. The view may lag the counters by up to {@code refresh}: the reservations made at
 * admission are what cannot be overspent; this keeps a route from climbing past what is left.
 */
public final class BudgetSnapshots implements TenantBudget {

    /** Reads where the budgets of a tenant and key stand (nothing when they have none). */
    @FunctionalInterface
    public interface Source {
        List<Budgets.Standing> read(String tenant, String keyId);
    }

    private record Owner(String tenant, String keyId) {
    }

    private final LoadingCache<Owner, List<Budgets.Standing>> views;

    public BudgetSnapshots(Source source, Clock clock, Duration refresh, Duration idle, Executor executor) {
        Ticker ticker = () -> clock.millis() * 1_000_000L;
        this.views = Caffeine.newBuilder().ticker(ticker).executor(executor).refreshAfterWrite(refresh)
                .expireAfterAccess(idle).maximumSize(100_000)
                .build(owner -> List.copyOf(source.read(owner.tenant(), owner.keyId())));
    }

    /** Makes sure the budgets of {@code job}'s tenant and key are in memory (waits only for the first read). */
    public void prepare(JobRequest job) {
        if (job != null && job.tenant() != null) {
            views.get(owner(job.tenant(), job.metadata()));
        }
    }

    @Override
    public double remainingUsd(Features features) {
        if (features.tenant() == null) {
            return Double.POSITIVE_INFINITY;
        }
        List<Budgets.Standing> standings = views.getIfPresent(owner(features.tenant(), features.metadata()));
        if (standings == null || standings.isEmpty()) {
            return Double.POSITIVE_INFINITY;
        }
        long ownHold = BudgetHolds.held(features.metadata());
        long left = Long.MAX_VALUE;
        for (Budgets.Standing standing : standings) {
            left = Math.min(left, standing.left(ownHold));
        }
        return Money.usd(Math.max(0, left));
    }

    private static Owner owner(String tenant, Map<String, String> metadata) {
        return new Owner(tenant, metadata == null ? null : metadata.get(MetadataKeys.KEY_ID));
    }
}
