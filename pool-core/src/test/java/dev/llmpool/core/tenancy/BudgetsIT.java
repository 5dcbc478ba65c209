package dev.llmpool.core.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.core.catalog.CatalogModel;
import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.core.catalog.Price;
import dev.llmpool.embedded.redis.EmbeddedRedis;
import dev.llmpool.embedded.redis.EmbeddedRedisSettings;
import dev.llmpool.schemas.envelope.AttemptSummary;
import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.names.MetadataKeys;
import dev.llmpool.schemas.openai.Usage;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Budgets and the usage ledger in a real Redis: reservations under concurrency, settling once, lapsed holds. */
class BudgetsIT {

    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private static final CatalogModel MODEL = new CatalogModel("m", "p", "m", List.of(), 128_000,
            new Price(1.0, 2.0), List.of(), 1000);

    private static EmbeddedRedis server;
    private static RedisClient client;

    private StatefulRedisConnection<String, String> redis;
    private Budgets budgets;
    private UsageLedger ledger;
    private final String tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void startRedis() {
        server = EmbeddedRedis.start(EmbeddedRedisSettings.ephemeral());
        client = RedisClient.create(server.url());
    }

    @AfterAll
    static void stopRedis() {
        client.shutdown();
        server.close();
    }

    @BeforeEach
    void connect() {
        redis = client.connect();
        budgets = new Budgets(redis);
        ledger = new UsageLedger(redis, new ModelCatalog(List.of(MODEL)), Duration.ofDays(30));
    }

    @AfterEach
    void disconnect() {
        redis.close();
    }

    private ApiKey key(double budgetUsd) {
        return ApiKey.builder().id("key_" + UUID.randomUUID().toString().substring(0, 8)).tenant(tenant)
                .hash("h").limits(Limits.builder().budgetUsd(budgetUsd).build()).build();
    }

    @Test
    void twentyConcurrentReservationsAgainstABudgetForTenHoldTen() {
        ApiKey key = key(Money.usd(10_500));
        List<Budgets.Counter> counters = Budgets.counters(tenant, key, Limits.NONE, NOW);
        List<CompletableFuture<Budgets.Reservation>> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            all.add(budgets.reserve(tenant, "job-" + i, counters, 1_000, NOW, NOW.plusSeconds(60)));
        }
        long held = all.stream().map(CompletableFuture::join).filter(r -> r instanceof Budgets.Held).count();
        assertThat(held).isEqualTo(10);
        assertThat(spentAndReserved(counters)).containsExactly(0, 10_000);
        Budgets.Refused refused = (Budgets.Refused) all.getLast().join();
        assertThat(refused.counter().scope()).isEqualTo("key:" + key.id());
        assertThat(refused.reserved()).isEqualTo(10_000);
    }

    @Test
    void aJobIsSettledOnceWithItsRealCostAndItsReservationGivenBack() {
        ApiKey key = key(1.0);
        List<Budgets.Counter> counters = Budgets.counters(tenant, key, Limits.NONE, NOW);
        assertThat(budgets.reserve(tenant, "job-a", counters, 5_000_000, NOW, NOW.plusSeconds(60)).join())
                .isEqualTo(new Budgets.Held(true));
        assertThat(budgets.reserve(tenant, "job-a", counters, 5_000_000, NOW, NOW.plusSeconds(60)).join())
                .isEqualTo(new Budgets.Held(false));
        JobResult result = result("job-a", key.id(), new Usage(1000, 500, 1500));
        UsageLedger.Metered metered = ledger.measure(result, tenant);
        assertThat(metered.costNanos()).isEqualTo(Money.nanos((1000 * 1.0 + 500 * 2.0) / 1_000_000));

        assertThat(ledger.meter(result, metered, counters, NOW)).isTrue();
        assertThat(ledger.meter(result, metered, counters, NOW)).isFalse();

        assertThat(spentAndReserved(counters)).containsExactly(metered.costNanos(), 0);
        List<UsageRow> rows = ledger.rows(Set.of(tenant), LocalDate.of(2026, 12, 6), LocalDate.of(2026, 12, 6));
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.keyId()).isEqualTo(key.id());
            assertThat(row.model()).isEqualTo("m");
            assertThat(row.requests()).isEqualTo(1);
            assertThat(row.promptTokens()).isEqualTo(1000);
            assertThat(row.completionTokens()).isEqualTo(500);
            assertThat(row.costNanos()).isEqualTo(metered.costNanos());
        });
    }

    @Test
    void aJobHoldingNoReservationIsChargedToItsBudgets() {
        ApiKey key = key(1.0);
        List<Budgets.Counter> counters = Budgets.counters(tenant, key, Limits.NONE, NOW);
        JobResult result = result("line-1", key.id(), new Usage(100, 100, 200));
        UsageLedger.Metered metered = ledger.measure(result, tenant);
        assertThat(ledger.meter(result, metered, counters, NOW)).isTrue();
        assertThat(spentAndReserved(counters)).containsExactly(metered.costNanos(), 0);
    }

    @Test
    void aHoldNeverSettledIsGivenBackOnceItLapses() {
        ApiKey key = key(Money.usd(1_000));
        List<Budgets.Counter> counters = Budgets.counters(tenant, key, Limits.NONE, NOW);
        assertThat(budgets.reserve(tenant, "lost", counters, 1_000, NOW, NOW.plusSeconds(60)).join())
                .isInstanceOf(Budgets.Held.class);
        assertThat(budgets.reserve(tenant, "next", counters, 1_000, NOW.plusSeconds(30), NOW.plusSeconds(90))
                .join()).isInstanceOf(Budgets.Refused.class);
        assertThat(budgets.reserve(tenant, "next", counters, 1_000, NOW.plusSeconds(61), NOW.plusSeconds(120))
                .join()).isInstanceOf(Budgets.Held.class);
    }

    @Test
    void aReleasedReservationFreesItsRoom() {
        ApiKey key = key(Money.usd(1_000));
        List<Budgets.Counter> counters = Budgets.counters(tenant, key, Limits.NONE, NOW);
        budgets.reserve(tenant, "unpublished", counters, 1_000, NOW, NOW.plusSeconds(60)).join();
        assertThat(budgets.release(tenant, "unpublished").join()).isTrue();
        assertThat(budgets.release(tenant, "unpublished").join()).isFalse();
        assertThat(spentAndReserved(counters)).containsExactly(0, 0);
    }

    @Test
    void theKeysAndTheTenantsBudgetsAreBothHeld() {
        ApiKey key = key(1.0);
        Limits tenantLimits = Limits.builder().budgetUsd(Money.usd(1_500)).budgetPeriod(BudgetPeriod.MONTH).build();
        List<Budgets.Counter> counters = Budgets.counters(tenant, key, tenantLimits, NOW);
        assertThat(counters).extracting(Budgets.Counter::scope).containsExactly("key:" + key.id(), "tenant");
        assertThat(budgets.reserve(tenant, "a", counters, 1_000, NOW, NOW.plusSeconds(60)).join())
                .isInstanceOf(Budgets.Held.class);
        Budgets.Reservation second = budgets.reserve(tenant, "b", counters, 1_000, NOW, NOW.plusSeconds(60)).join();
        assertThat(second).isInstanceOfSatisfying(Budgets.Refused.class,
                refused -> assertThat(refused.counter().scope()).isEqualTo("tenant"));
        assertThat(spentAndReserved(counters)).containsExactly(0, 1_000);
    }

    private static JobResult result(String id, String keyId, Usage usage) {
        return JobResult.builder().correlationId(id).status(JobStatus.COMPLETED).model("m").provider("p")
                .attempts(List.of(new AttemptSummary(id + ":1", 1, "p", "m", true, null, null, 10, usage, null)))
                .createdAt(NOW).completedAt(NOW).metadata(Map.of(MetadataKeys.KEY_ID, keyId)).build();
    }

    private long[] spentAndReserved(List<Budgets.Counter> counters) {
        Budgets.Standing standing = budgets.standings(counters).getFirst();
        return new long[] {standing.spent(), standing.reserved()};
    }
}
