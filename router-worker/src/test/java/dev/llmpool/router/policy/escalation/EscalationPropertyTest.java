package dev.llmpool.router.policy.escalation;

import static dev.llmpool.router.policy.escalation.Plans.model;
import static dev.llmpool.router.policy.escalation.Plans.plan;
import static dev.llmpool.router.policy.escalation.Plans.tier;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.core.catalog.CatalogModel;
import dev.llmpool.router.policy.features.Features;
import dev.llmpool.router.policy.features.Script;
import dev.llmpool.router.policy.rules.PlannedTier;
import dev.llmpool.router.policy.rules.RoutePlan;
import dev.llmpool.router.policy.scoring.ScoredAnswer;
import dev.llmpool.router.policy.scoring.Judgement;
import dev.llmpool.schemas.envelope.Priority;
import dev.llmpool.schemas.openai.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Properties over random ladders, prices, caps, budgets and answers (seeded, so a failure reproduces): escalations
 * never exceed the route's cap, spend never exceeds the request's cost cap or the tenant's budget, every dispatched
 * tier is above the last, and the loop always ends with an answer or a refusal. jqwik does not run on JUnit 6's
 * platform, hence a seeded loop.
 */
class EscalationPropertyTest {

    private static final long SEED = 0x5EED_1E55L;
    private static final int CASES = 5_000;

    @Test
    void escalationsStayWithinTheCapAndSpendWithinTheCostCap() {
        SplittableRandom random = new SplittableRandom(SEED);
        int escalated = 0;
        int capped = 0;
        for (int c = 0; c < CASES; c++) {
            int tiers = 1 + random.nextInt(4);
            List<PlannedTier> list = new ArrayList<>();
            for (int i = 0; i < tiers; i++) {
                double scale = Math.pow(10, i) * (0.5 + random.nextDouble());
                CatalogModel m = model("m" + i, 0.1 * scale, 0.4 * scale, 2_000 + random.nextInt(200_000));
                Integer cap = random.nextInt(3) == 0 ? null : 1 + random.nextInt(2_000);
                list.add(tier(i, m, cap, random.nextDouble()));
            }
            int maxEscalations = random.nextInt(tiers);
            Double routeCap = random.nextInt(3) == 0 ? null : random.nextDouble() * 0.05;
            String metadataCap = random.nextInt(4) == 0 ? Double.toString(random.nextDouble() * 0.02) : null;
            double tenantBudget = random.nextInt(4) == 0 ? random.nextDouble() * 0.03 : Double.POSITIVE_INFINITY;
            RoutePlan plan = plan(maxEscalations, routeCap, list.toArray(PlannedTier[]::new));
            int promptTokens = 1 + random.nextInt(1_500);
            Features features = features(promptTokens, 1 + random.nextInt(2), metadataCap);
            EscalationPolicy policy = new EscalationPolicy(tenant -> tenantBudget);
            double cap = Math.min(CostCap.of(plan, features), tenantBudget);

            List<Attempt> attempts = new ArrayList<>();
            Decision decision;
            int steps = 0;
            while ((decision = policy.decide(plan, features, attempts)) instanceof Decision.Dispatch dispatch) {
                assertThat(++steps).as("case %d terminates", c).isLessThanOrEqualTo(tiers);
                if (!attempts.isEmpty()) {
                    assertThat(dispatch.position()).isGreaterThan(attempts.getLast().position());
                }
                PlannedTier t = dispatch.tier();
                if (cap != Double.POSITIVE_INFINITY) {
                    assertThat(dispatch.maxTokens()).as("case %d: a capped request always sends a cap", c).isNotNull();
                }
                int limit = dispatch.maxTokens() == null ? 4_000 : dispatch.maxTokens();
                int completion = random.nextInt(limit + 1) * features.samples();
                boolean truncated = completion >= limit * features.samples() && random.nextBoolean();
                Usage usage = Usage.of(promptTokens, completion);
                double cost = t.model().price().cost(usage);
                Judgement judgement = truncated ? Judgement.failed("finish_reason", "truncated")
                        : new Judgement(random.nextDouble(), false, List.of());
                attempts.add(new Attempt(dispatch.position(), ScoredAnswer.text("a", truncated ? "length" : "stop"),
                        judgement, usage, false, cost));
            }
            double spent = attempts.stream().mapToDouble(Attempt::costUsd).sum();
            assertThat(Math.max(0, attempts.size() - 1)).as("case %d escalations", c)
                    .isLessThanOrEqualTo(plan.maxEscalations());
            assertThat(spent).as("case %d spend vs cap %s", c, cap).isLessThanOrEqualTo(cap + 1e-12);
            switch (decision) {
                case Decision.Accept a -> assertThat(a.attempt()).isBetween(0, attempts.size() - 1);
                case Decision.ReturnBest b -> assertThat(b.attempt()).isBetween(0, attempts.size() - 1);
                case Decision.Refuse r -> assertThat(attempts).isEmpty();
                case Decision.Dispatch d -> throw new AssertionError("unreachable");
            }
            assertThat(decision.trace().totalCostUsd()).isCloseTo(spent, org.assertj.core.api.Assertions.within(1e-12));
            escalated += attempts.size() > 1 ? 1 : 0;
            capped += cap != Double.POSITIVE_INFINITY ? 1 : 0;
        }
        // the generator exercises both escalation and caps
        assertThat(escalated).isGreaterThan(CASES / 10);
        assertThat(capped).isGreaterThan(CASES / 2);
    }

    private static Features features(int promptTokens, int samples, String metadataCap) {
        Map<String, String> metadata = metadataCap == null ? Map.of() : Map.of(CostCap.METADATA_KEY, metadataCap);
        return new Features("auto", null, promptTokens, null, false, 0, 0, Script.LATIN, 1, 1, 1, false, 0, false,
                null, null, "t", Priority.INTERACTIVE, false, samples, metadata, null);
    }
}
