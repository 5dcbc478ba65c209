package dev.llmpool.core.tenancy;

import dev.llmpool.core.redis.RedisScript;
import dev.llmpool.schemas.names.RedisKeys;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Budgets in Redis, reserved when a job is admitted and settled when it ends, so no burst of concurrent requests
 * can spend past one: {@link #reserve} adds the job's estimated cost to each budget's {@code reserved} in one script
 * that refuses when {@code spent + reserved + estimate} would pass a limit; the usage ledger ({@link UsageLedger})
 * settles it with the job's real cost once its result is out. A hold never settled (its job lost) is given back
 * after {@code holdUntil}, by the next reservation of the tenant.
 */
public class Budgets {

    /** How long a budget's counters outlive their period. */
    static final Duration COUNTER_GRACE = Duration.ofDays(1);

    /**
     * One budget a job is charged to.
     *
     * @param key    the counters' Redis key
     * @param scope  {@code tenant} or {@code key:<id>}
     * @param limit  the budget, nano-dollars
     * @param period when it starts again
     */
    public record Counter(String key, String scope, long limit, BudgetPeriod period) {
    }

    /** What a reservation came to. */
    public sealed interface Reservation {
    }

    /**
     * Reserved, or nothing to reserve against.
     *
     * @param fresh this call reserved (false: the job held a reservation already, or there was no budget)
     */
    public record Held(boolean fresh) implements Reservation {
    }

    /** Over a budget: the first one that has no room. */
    public record Refused(Counter counter, long spent, long reserved) implements Reservation {

        /** Seconds until the budget starts again. */
        public long retryAfterSeconds(Instant now) {
            return Math.max(1, Duration.between(now, counter.period().end(now)).toSeconds());
        }

        /**
         * Why a job of {@code tenant} (key {@code keyId}) that may cost up to {@code estimate} nano-dollars was
         * refused, in the words every part of the pool answers with.
         */
        public String message(String tenant, String keyId, long estimate, Instant now) {
            String scope = counter.scope().equals("tenant") ? "tenant " + tenant : "key " + keyId;
            return String.format(Locale.ROOT, "Budget exceeded for %s: $%.6f spent and $%.6f reserved by requests "
                            + "in flight of a budget of $%.6f a %s; this request may cost up to $%.6f. The budget "
                            + "starts again in %ds.", scope, Money.usd(spent), Money.usd(reserved),
                    Money.usd(counter.limit()), counter.period().json(), Money.usd(estimate),
                    retryAfterSeconds(now));
        }
    }

    private final StatefulRedisConnection<String, String> redis;
    private final RedisScript reserve = new RedisScript(BudgetScripts.RESERVE);
    private final RedisScript release = new RedisScript(BudgetScripts.RELEASE);

    public Budgets(StatefulRedisConnection<String, String> redis) {
        this.redis = redis;
    }

    /** The budgets a job of {@code key} (or of the tenant alone, {@code key} null) is charged to at {@code now}. */
    public static List<Counter> counters(String tenant, ApiKey key, Limits tenantLimits, Instant now) {
        List<Counter> counters = new ArrayList<>(2);
        if (tenant == null) {
            return counters;
        }
        if (key != null && key.limits().hasBudget()) {
            counters.add(counter(tenant, "key:" + key.id(), key.limits(), now));
        }
        if (tenantLimits != null && tenantLimits.hasBudget()) {
            counters.add(counter(tenant, "tenant", tenantLimits, now));
        }
        return counters;
    }

    private static Counter counter(String tenant, String scope, Limits limits, Instant now) {
        BudgetPeriod period = limits.budgetPeriod();
        return new Counter(RedisKeys.budget(tenant, scope, period.label(now)), scope, Money.nanos(limits.budgetUsd()),
                period);
    }

    /**
     * Reserves {@code amount} nano-dollars for job {@code id} in every counter, or in none when one has no room.
     * Reserving again for a job that holds a reservation changes nothing.
     */
    public CompletableFuture<Reservation> reserve(String tenant, String id, List<Counter> counters, long amount,
                                                  Instant now, Instant holdUntil) {
        if (counters.isEmpty()) {
            return CompletableFuture.completedFuture(new Held(false));
        }
        String[] keys = new String[2 + counters.size()];
        keys[0] = RedisKeys.budgetHolds(tenant);
        keys[1] = RedisKeys.budgetHoldExpiry(tenant);
        List<String> args = new ArrayList<>(List.of(id, Long.toString(amount), Long.toString(now.toEpochMilli()),
                Long.toString(holdUntil.toEpochMilli()), Long.toString(counterTtl(counters, now).toMillis())));
        for (int i = 0; i < counters.size(); i++) {
            keys[2 + i] = counters.get(i).key();
            args.add(Long.toString(counters.get(i).limit()));
        }
        CompletableFuture<List<Object>> result = reserve.evalAsync(redis, ScriptOutputType.MULTI, keys,
                args.toArray(String[]::new));
        return result.thenApply(reply -> {
            long status = (Long) reply.getFirst();
            if (status != 0L) {
                return new Held(status == 1L);
            }
            Counter over = counters.get((int) (long) (Long) reply.get(1) - 1);
            return new Refused(over, (Long) reply.get(2), (Long) reply.get(3));
        });
    }

    /** Gives back job {@code id}'s reservation (it was never published). */
    public CompletableFuture<Boolean> release(String tenant, String id) {
        CompletableFuture<Long> result = release.evalAsync(redis, ScriptOutputType.INTEGER,
                new String[] {RedisKeys.budgetHolds(tenant), RedisKeys.budgetHoldExpiry(tenant)}, id);
        return result.thenApply(released -> released != null && released == 1L);
    }

    /**
     * Where a budget stands: what has been spent and what is reserved, nano-dollars.
     *
     * @param counter  the budget
     * @param spent    settled
     * @param reserved held for jobs not yet settled
     */
    public record Standing(Counter counter, long spent, long reserved) {

        /**
         * What is left for a job that holds {@code ownHold} of {@code reserved} itself (its own reservation is room
         * it may use), never more than the budget less what is spent.
         */
        public long left(long ownHold) {
            return counter.limit() - spent - Math.max(0, reserved - Math.max(0, ownHold));
        }
    }

    /** Where each of {@code counters} stands now, read in one round trip. */
    public List<Standing> standings(List<Counter> counters) {
        List<CompletableFuture<List<KeyValue<String, String>>>> reads = new ArrayList<>();
        for (Counter counter : counters) {
            reads.add(redis.async().hmget(counter.key(), "spent", "reserved").toCompletableFuture());
        }
        List<Standing> standings = new ArrayList<>(counters.size());
        for (int i = 0; i < counters.size(); i++) {
            var values = reads.get(i).join();
            standings.add(new Standing(counters.get(i), number(values.get(0).getValueOrElse(null)),
                    number(values.get(1).getValueOrElse(null))));
        }
        return standings;
    }

    /** Counters live through their period and a day more. */
    static Duration counterTtl(List<Counter> counters, Instant now) {
        Duration longest = Duration.ZERO;
        for (Counter counter : counters) {
            Duration left = Duration.between(now, counter.period().end(now)).plus(COUNTER_GRACE);
            longest = left.compareTo(longest) > 0 ? left : longest;
        }
        return longest;
    }

    private static long number(String value) {
        return value == null || value.isEmpty() ? 0 : Long.parseLong(value);
    }
}
