package dev.llmpool.router.tenancy;

import static dev.llmpool.router.policy.PolicyFixtures.RULES;
import static dev.llmpool.router.policy.PolicyFixtures.TOKENS;
import static dev.llmpool.router.policy.PolicyFixtures.userSays;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.core.tenancy.BudgetPeriod;
import dev.llmpool.core.tenancy.Budgets;
import dev.llmpool.router.policy.features.FeatureExtractor;
import dev.llmpool.router.policy.features.Features;
import dev.llmpool.router.policy.features.RequestContext;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.names.MetadataKeys;
import dev.llmpool.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BudgetSnapshotsTest {

    private static final long DOLLAR = 1_000_000_000L;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-06T12:00:00Z"));
    private final Map<String, List<Budgets.Standing>> stored = new HashMap<>();
    private final List<String> reads = new ArrayList<>();
    private final BudgetSnapshots snapshots = new BudgetSnapshots((tenant, keyId) -> {
        reads.add(tenant + "/" + keyId);
        return stored.getOrDefault(tenant + "/" + keyId, List.of());
    }, clock, Duration.ofSeconds(1), Duration.ofMinutes(10), Runnable::run);

    @Test
    void theTightestBudgetOfTheTenantAndKeyIsWhatIsLeftOnceRead() {
        stored.put("acme/key_1", List.of(standing("tenant", 10 * DOLLAR, 4 * DOLLAR, 1 * DOLLAR),
                standing("key:key_1", 2 * DOLLAR, DOLLAR / 2, 0)));

        snapshots.prepare(job("acme", Map.of(MetadataKeys.KEY_ID, "key_1")));

        assertThat(snapshots.remainingUsd(request("acme", Map.of(MetadataKeys.KEY_ID, "key_1")))).isEqualTo(1.5);
        assertThat(reads).containsExactly("acme/key_1");
    }

    @Test
    void theJobsOwnReservationIsRoomItMaySpendButNeverMoreThanTheBudgetLeft() {
        stored.put("acme/null", List.of(standing("tenant", 10 * DOLLAR, 4 * DOLLAR, 5 * DOLLAR)));
        snapshots.prepare(job("acme", Map.of()));

        assertThat(snapshots.remainingUsd(request("acme", Map.of()))).as("a producer's job: what is left")
                .isEqualTo(1.0);
        assertThat(snapshots.remainingUsd(request("acme", Map.of(MetadataKeys.BUDGET_HOLD,
                Long.toString(3 * DOLLAR))))).as("a job holding 3 of the 5 reserved").isEqualTo(4.0);
        assertThat(snapshots.remainingUsd(request("acme", Map.of(MetadataKeys.BUDGET_HOLD,
                Long.toString(50 * DOLLAR))))).as("a hold beyond what is reserved").isEqualTo(6.0);
    }

    @Test
    void aViewIsAnsweredFromMemoryAndReadAgainOnceOlderThanTheRefresh() {
        stored.put("acme/null", List.of(standing("tenant", 10 * DOLLAR, 0, 0)));
        snapshots.prepare(job("acme", Map.of()));
        stored.put("acme/null", List.of(standing("tenant", 10 * DOLLAR, 9 * DOLLAR, 0)));

        snapshots.prepare(job("acme", Map.of()));
        assertThat(snapshots.remainingUsd(request("acme", Map.of()))).isEqualTo(10.0);
        assertThat(reads).hasSize(1);

        clock.advance(Duration.ofMillis(1500));
        snapshots.prepare(job("acme", Map.of()));
        assertThat(snapshots.remainingUsd(request("acme", Map.of()))).isEqualTo(1.0);
        assertThat(reads).hasSize(2);
    }

    @Test
    void noTenantNoBudgetOrNothingReadYetIsUnlimited() {
        snapshots.prepare(job(null, Map.of()));
        assertThat(reads).isEmpty();
        assertThat(snapshots.remainingUsd(request(null, Map.of()))).isInfinite();
        assertThat(snapshots.remainingUsd(request("never-prepared", Map.of()))).isInfinite();

        snapshots.prepare(job("open", Map.of()));
        assertThat(snapshots.remainingUsd(request("open", Map.of()))).isInfinite();
    }

    @Test
    void aSpentBudgetLeavesNothingNotLessThanNothing() {
        stored.put("acme/null", List.of(standing("tenant", DOLLAR, 2 * DOLLAR, 0)));
        snapshots.prepare(job("acme", Map.of()));
        assertThat(snapshots.remainingUsd(request("acme", Map.of()))).isZero();
    }

    private static Budgets.Standing standing(String scope, long limit, long spent, long reserved) {
        return new Budgets.Standing(new Budgets.Counter("budget:" + scope, scope, limit, BudgetPeriod.DAY), spent,
                reserved);
    }

    private static JobRequest job(String tenant, Map<String, String> metadata) {
        return JobRequest.builder().correlationId("job-1").tenant(tenant).body(userSays("auto", "Hi"))
                .metadata(metadata).build();
    }

    private static Features request(String tenant, Map<String, String> metadata) {
        return new FeatureExtractor(TOKENS).extract(userSays("auto", "Hi"),
                new RequestContext(null, tenant, null, metadata), RULES);
    }
}
