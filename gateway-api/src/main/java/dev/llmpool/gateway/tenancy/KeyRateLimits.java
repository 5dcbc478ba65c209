package dev.llmpool.gateway.tenancy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.llmpool.core.limits.BucketPlans;
import dev.llmpool.schemas.names.RedisKeys;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The RPM and TPM limits of keys and tenants: Bucket4j buckets in Redis (the plumbing the providers' quotas use),
 * each holding a minute's worth and refilled greedily. All the buckets of one request are asked at once (their
 * round trips overlap); when one has no room, what the others gave is put back.
 */
public final class KeyRateLimits {

    /**
     * One limit to take from.
     *
     * @param what   the limit in words ({@code the key's requests per minute})
     * @param tenant the tenant (its slot)
     * @param scope  {@code tenant} or {@code key:<id>}
     * @param kind   {@code rpm} or {@code tpm}
     * @param limit  per minute
     * @param amount what this request takes
     */
    public record Take(String what, String tenant, String scope, String kind, long limit, long amount) {
    }

    /** What a limit had left after this request took from it (or, refused, how long until it could). */
    public record Left(Take take, boolean consumed, long remaining, long nanosToWait) {
    }

    private final AsyncProxyManager<String> buckets;
    private final Cache<String, AsyncBucketProxy> proxies = Caffeine.newBuilder().maximumSize(100_000).build();

    public KeyRateLimits(AsyncProxyManager<String> buckets) {
        this.buckets = buckets;
    }

    /** Takes every {@code take} or none: the answers, in order. */
    public CompletableFuture<List<Left>> take(List<Take> takes) {
        if (takes.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        List<CompletableFuture<ConsumptionProbe>> probes = new ArrayList<>(takes.size());
        for (Take take : takes) {
            probes.add(bucket(take).tryConsumeAndReturnRemaining(Math.min(take.amount(), take.limit())));
        }
        return CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            List<Left> lefts = new ArrayList<>(takes.size());
            boolean all = true;
            for (int i = 0; i < takes.size(); i++) {
                ConsumptionProbe probe = probes.get(i).join();
                lefts.add(new Left(takes.get(i), probe.isConsumed(), probe.getRemainingTokens(),
                        probe.getNanosToWaitForRefill()));
                all &= probe.isConsumed();
            }
            if (!all) {
                for (Left left : lefts) {
                    if (left.consumed()) {
                        bucket(left.take()).addTokens(Math.min(left.take().amount(), left.take().limit()));
                    }
                }
            }
            return lefts;
        });
    }

    /** Puts back what {@code lefts} took (the request was refused for another reason). */
    public void giveBack(List<Left> lefts) {
        for (Left left : lefts) {
            if (left.consumed()) {
                bucket(left.take()).addTokens(Math.min(left.take().amount(), left.take().limit()));
            }
        }
    }

    private AsyncBucketProxy bucket(Take take) {
        String key = RedisKeys.tenantRateLimit(take.tenant(), take.scope(), take.kind());
        return proxies.get(key + "#" + take.limit(), k -> buckets.builder()
                .withImplicitConfigurationReplacement(take.limit(), TokensInheritanceStrategy.PROPORTIONALLY)
                .build(key, () -> CompletableFuture.completedFuture(BucketPlans.tpm(take.limit()))));
    }
}
