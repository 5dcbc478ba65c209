package dev.llmpool.core.tenancy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.core.redis.RedisScript;
import dev.llmpool.schemas.envelope.AttemptSummary;
import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.names.MetadataKeys;
import dev.llmpool.schemas.names.RedisKeys;
import dev.llmpool.schemas.openai.Usage;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The usage ledger in Redis: per tenant and day (UTC), a hash of {@code <key id>|<model>|<measure>} counters. A
 * job is metered once ({@link #meter}): its attempts' tokens and cost, one request for the model that answered, and
 * its budget settled, all in one script; the same result read again changes nothing.
 */
public class UsageLedger {

    public static final String REQUESTS = "requests";
    public static final String PROMPT = "prompt_tokens";
    public static final String COMPLETION = "completion_tokens";
    public static final String COST = "cost_nanos";
    /** Where no key submitted the job (a producer on Kafka, the open pool, the master key). */
    public static final String NO_KEY = "-";

    private final StatefulRedisConnection<String, String> redis;
    private final ModelCatalog catalog;
    private final Duration retention;
    private final RedisScript meter = new RedisScript(BudgetScripts.METER);
    /** Tenants this process has added to the set of tenants with usage lately (one SADD per tenant, not per job). */
    private final Cache<String, Boolean> listedTenants = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(10)).maximumSize(10_000).build();

    /** @param retention how long a day's usage is kept */
    public UsageLedger(StatefulRedisConnection<String, String> redis, ModelCatalog catalog, Duration retention) {
        this.redis = redis;
        this.catalog = catalog;
        this.retention = retention;
    }

    /**
     * What one finished job used.
     *
     * @param tenant   the ledger's tenant name ({@link TenantNames#ledgerName})
     * @param keyId    the submitting key, or {@link #NO_KEY}
     * @param records  each attempt's usage record
     * @param costNanos the job's cost
     */
    public record Metered(String tenant, String keyId, List<UsageRecord> records, long costNanos) {
    }

    /** A job's usage: each attempt that reported usage, priced by the catalog where the router did not price it. */
    public Metered measure(JobResult result, String tenant) {
        String ledgerTenant = TenantNames.ledgerName(tenant);
        String keyId = result.metadata().getOrDefault(MetadataKeys.KEY_ID, NO_KEY);
        Instant at = result.completedAt();
        List<UsageRecord> records = new ArrayList<>();
        long cost = 0;
        for (AttemptSummary attempt : result.attempts()) {
            if (attempt.usage() == null) {
                continue;
            }
            double usd = attempt.costUsd() != null ? attempt.costUsd() : price(attempt.model(), attempt.usage());
            records.add(record(result, ledgerTenant, keyId, attempt.attemptId(), attempt.provider(), attempt.model(),
                    attempt.usage(), usd, attempt.succeeded(), at));
            cost += Money.nanos(usd);
        }
        if (records.isEmpty() && !result.cached() && result.response() != null && result.response().usage() != null) {
            Usage usage = result.response().usage();
            double usd = price(result.model(), usage);
            records.add(record(result, ledgerTenant, keyId, null, result.provider(), result.model(), usage, usd,
                    true, at));
            cost += Money.nanos(usd);
        }
        return new Metered(ledgerTenant, keyId, records, cost);
    }

    private UsageRecord record(JobResult result, String tenant, String keyId, String attemptId, String provider,
                               String model, Usage usage, double usd, boolean succeeded, Instant at) {
        return UsageRecord.builder().correlationId(result.correlationId()).attemptId(attemptId).tenant(tenant)
                .keyId(NO_KEY.equals(keyId) ? null : keyId).provider(provider).model(model)
                .promptTokens(usage.promptTokens()).completionTokens(usage.completionTokens()).costUsd(usd)
                .succeeded(succeeded).batchId(result.metadata().get(MetadataKeys.BATCH_ID)).at(at).build();
    }

    private double price(String model, Usage usage) {
        return model == null ? 0 : catalog.resolve(model).map(m -> m.price().cost(usage)).orElse(0.0);
    }

    /**
     * Counts the job once: its usage on its day, its cost settled against the reservation it holds or, holding none,
     * charged to {@code counters}. False when it was metered before.
     */
    public boolean meter(JobResult result, Metered metered, List<Budgets.Counter> counters, Instant now) {
        String tenant = metered.tenant();
        Instant at = result.completedAt() != null ? result.completedAt() : now;
        String day = LocalDate.ofInstant(at, ZoneOffset.UTC).toString();
        Map<String, Long> fields = new LinkedHashMap<>();
        String answered = result.model() != null ? result.model()
                : metered.records().isEmpty() ? "-" : metered.records().getLast().model();
        fields.merge(field(metered.keyId(), answered, REQUESTS), 1L, Long::sum);
        for (UsageRecord r : metered.records()) {
            fields.merge(field(metered.keyId(), r.model(), PROMPT), r.promptTokens(), Long::sum);
            fields.merge(field(metered.keyId(), r.model(), COMPLETION), r.completionTokens(), Long::sum);
            fields.merge(field(metered.keyId(), r.model(), COST), Money.nanos(r.costUsd()), Long::sum);
        }
        List<String> keys = new ArrayList<>(List.of(RedisKeys.usageMetered(tenant, result.correlationId()),
                RedisKeys.budgetHolds(tenant), RedisKeys.budgetHoldExpiry(tenant), RedisKeys.usage(tenant, day)));
        counters.forEach(c -> keys.add(c.key()));
        List<String> args = new ArrayList<>(List.of(result.correlationId(), Long.toString(metered.costNanos()),
                Long.toString(retention.toMillis()), Long.toString(retention.toMillis()),
                Long.toString(Budgets.counterTtl(counters, now).toMillis()), Integer.toString(fields.size())));
        fields.forEach((k, v) -> {
            args.add(k);
            args.add(Long.toString(v));
        });
        Long first = RedisScript.join(meter.evalAsync(redis, ScriptOutputType.INTEGER, keys.toArray(String[]::new),
                args.toArray(String[]::new)));
        if (first != null && first == 1L) {
            if (listedTenants.getIfPresent(tenant) == null) {
                redis.sync().sadd(RedisKeys.usageTenants(), tenant);
                listedTenants.put(tenant, Boolean.TRUE);
            }
            return true;
        }
        return false;
    }

    private static String field(String keyId, String model, String measure) {
        return keyId + "|" + (model == null ? "-" : model) + "|" + measure;
    }

    /** Every tenant with usage. */
    public Set<String> tenants() {
        return new java.util.TreeSet<>(redis.sync().smembers(RedisKeys.usageTenants()));
    }

    /** The ledger's rows (one per tenant, day, key and model) of {@code tenants} from {@code from} to {@code to}. */
    public List<UsageRow> rows(Collection<String> tenants, LocalDate from, LocalDate to) {
        RedisCommands<String, String> sync = redis.sync();
        List<UsageRow> rows = new ArrayList<>();
        for (String tenant : tenants) {
            for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
                Map<String, String> hash = sync.hgetall(RedisKeys.usage(tenant, day.toString()));
                Map<String, long[]> byKeyModel = new TreeMap<>();
                hash.forEach((field, value) -> {
                    int last = field.lastIndexOf('|');
                    int first = field.indexOf('|');
                    if (first < 0 || last <= first) {
                        return;
                    }
                    long[] measures = byKeyModel.computeIfAbsent(field.substring(0, last), k -> new long[4]);
                    int index = switch (field.substring(last + 1)) {
                        case REQUESTS -> 0;
                        case PROMPT -> 1;
                        case COMPLETION -> 2;
                        case COST -> 3;
                        default -> -1;
                    };
                    if (index >= 0) {
                        measures[index] += Long.parseLong(value);
                    }
                });
                String dayText = day.toString();
                byKeyModel.forEach((keyModel, m) -> {
                    int bar = keyModel.indexOf('|');
                    rows.add(UsageRow.of(tenant, keyModel.substring(0, bar), keyModel.substring(bar + 1), dayText,
                            m[0], m[1], m[2], m[3]));
                });
            }
        }
        return rows;
    }

    /** {@code rows} summed by the fields named in {@code groupBy} ({@code tenant}, {@code key}, {@code model}, {@code day}). */
    public static List<UsageRow> group(List<UsageRow> rows, Set<String> groupBy) {
        Map<List<String>, UsageRow> groups = new LinkedHashMap<>();
        for (UsageRow row : rows) {
            UsageRow keep = UsageRow.of(groupBy.contains("tenant") ? row.tenant() : null,
                    groupBy.contains("key") ? row.keyId() : null, groupBy.contains("model") ? row.model() : null,
                    groupBy.contains("day") ? row.day() : null, row.requests(), row.promptTokens(),
                    row.completionTokens(), row.costNanos());
            List<String> id = java.util.Arrays.asList(keep.tenant(), keep.keyId(), keep.model(), keep.day());
            groups.merge(id, keep, UsageRow::plus);
        }
        return new ArrayList<>(groups.values());
    }
}
