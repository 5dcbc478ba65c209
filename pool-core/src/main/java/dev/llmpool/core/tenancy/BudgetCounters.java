package dev.llmpool.core.tenancy;

import java.time.Instant;
import java.util.List;

/**
 * The budgets a job is charged to, found from its tenant and the id of the key that submitted it (as a job carries
 * them), for the parts of the pool that hold no key object: the router and the batch runner. A key of another tenant
 * is not the job's key. Reads Redis.
 */
public final class BudgetCounters {

    private final ApiKeys keys;

    public BudgetCounters(ApiKeys keys) {
        this.keys = keys;
    }

    /** The counters of {@code tenant} and key {@code keyId} (either may be null) at {@code now}. */
    public List<Budgets.Counter> of(String tenant, String keyId, Instant now) {
        if (tenant == null) {
            return List.of();
        }
        ApiKey key = keyId == null ? null : keys.find(keyId).filter(k -> tenant.equals(k.tenant())).orElse(null);
        return Budgets.counters(tenant, key, keys.tenantLimits(tenant), now);
    }
}
