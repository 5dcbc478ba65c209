package dev.llmpool.router.policy.escalation;

import static dev.llmpool.router.policy.PolicyFixtures.features;
import static dev.llmpool.router.policy.PolicyFixtures.userSays;
import static dev.llmpool.router.policy.escalation.Plans.failed;
import static dev.llmpool.router.policy.escalation.Plans.ladder;
import static dev.llmpool.router.policy.escalation.Plans.model;
import static dev.llmpool.router.policy.escalation.Plans.plan;
import static dev.llmpool.router.policy.escalation.Plans.scored;
import static dev.llmpool.router.policy.escalation.Plans.tier;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.router.policy.features.Features;
import dev.llmpool.router.policy.rules.RoutePlan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EscalationPolicyTest {

    private final EscalationPolicy policy = new EscalationPolicy(TenantBudget.UNLIMITED);
    private final Features features = features(userSays("auto", "What is 2 + 2?"), Map.of());

    @Test
    void theFirstDecisionDispatchesTheFirstTierWithItsCap() {
        Decision d = policy.decide(ladder(3, 2, null), features, List.of());
        assertThat(d).isInstanceOfSatisfying(Decision.Dispatch.class, dispatch -> {
            assertThat(dispatch.position()).isZero();
            assertThat(dispatch.maxTokens()).isEqualTo(500);
            assertThat(dispatch.trace().outcome()).isEqualTo("dispatch");
        });
    }

    @Test
    void anAnswerAtTheThresholdIsAccepted() {
        Decision d = policy.decide(ladder(3, 2, null), features, List.of(scored(0, 0.7, 20, 5, 0.001)));
        assertThat(d).isInstanceOfSatisfying(Decision.Accept.class, accept -> {
            assertThat(accept.attempt()).isZero();
            assertThat(accept.trace().outcome()).isEqualTo("accepted");
            assertThat(accept.trace().finalModel()).isEqualTo("m0");
            assertThat(accept.trace().reason()).isEqualTo("score 0.700 >= threshold 0.700");
        });
    }

    @Test
    void aLowScoreEscalatesToTheNextTier() {
        Decision d = policy.decide(ladder(3, 2, null), features, List.of(scored(0, 0.4, 20, 5, 0.001)));
        assertThat(d).isInstanceOfSatisfying(Decision.Dispatch.class, dispatch -> {
            assertThat(dispatch.position()).isEqualTo(1);
            assertThat(dispatch.tier().model().id()).isEqualTo("m1");
            assertThat(dispatch.trace().outcome()).isEqualTo("escalate");
            assertThat(dispatch.trace().reason()).isEqualTo("score 0.400 < threshold 0.700; escalating to m1");
        });
    }

    @Test
    void aHardFailEscalatesWhateverTheThreshold() {
        RoutePlan plan = plan(1, null, tier(0, model("a", 1, 1, 1000), null, 0.0),
                tier(1, model("b", 2, 2, 1000), null, 0.0));
        Decision d = policy.decide(plan, features, List.of(failed(0, 0.001)));
        assertThat(d).isInstanceOf(Decision.Dispatch.class);
        assertThat(d.trace().reason()).startsWith("hard fail (finish_reason=FAIL (truncated))");
    }

    @Test
    void theEscalationCapStopsTheClimbAndReturnsTheBestAnswer() {
        Decision d = policy.decide(ladder(3, 1, null), features,
                List.of(scored(0, 0.5, 20, 5, 0.001), scored(1, 0.3, 20, 5, 0.01)));
        assertThat(d).isInstanceOfSatisfying(Decision.ReturnBest.class, best -> {
            assertThat(best.attempt()).isZero();
            assertThat(best.allHardFailed()).isFalse();
            assertThat(best.trace().reason()).contains("escalation cap 1 reached").endsWith("returning m0's answer");
            assertThat(best.trace().finalTier()).isZero();
        });
    }

    @Test
    void atTheLastTierTheBestNonFailedAnswerIsReturnedPreferringTheLaterOnATie() {
        Decision d = policy.decide(ladder(2, 1, null), features,
                List.of(scored(0, 0.5, 20, 5, 0.001), scored(1, 0.5, 20, 5, 0.01)));
        assertThat(d).isInstanceOfSatisfying(Decision.ReturnBest.class, best -> assertThat(best.attempt()).isEqualTo(1));
        Decision earlier = policy.decide(ladder(2, 1, null), features,
                List.of(scored(0, 0.5, 20, 5, 0.001), failed(1, 0.01)));
        assertThat(earlier).isInstanceOfSatisfying(Decision.ReturnBest.class, best -> {
            assertThat(best.attempt()).isZero();
            assertThat(best.trace().reason()).contains("no tier above m1");
        });
    }

    @Test
    void whenEveryAnswerHardFailedTheLastIsReturnedAsItIs() {
        Decision d = policy.decide(ladder(2, 1, null), features, List.of(failed(0, 0.001), failed(1, 0.01)));
        assertThat(d).isInstanceOfSatisfying(Decision.ReturnBest.class, best -> {
            assertThat(best.attempt()).isEqualTo(1);
            assertThat(best.allHardFailed()).isTrue();
        });
    }

    @Test
    void aTierTheCostCapCannotPayForIsNotDispatched() {
        // m1 costs 1/M in, 4/M out; 500 completion tokens cost $0.002 on top of the prompt
        RoutePlan plan = ladder(2, 1, 0.002);
        Decision d = policy.decide(plan, features, List.of(scored(0, 0.1, 20, 5, 0.0001)));
        assertThat(d).isInstanceOfSatisfying(Decision.ReturnBest.class, best ->
                assertThat(best.trace().reason()).contains("m1 would cost up to $").contains("left of the cost cap"));
        Decision enough = policy.decide(ladder(2, 1, 0.01), features, List.of(scored(0, 0.1, 20, 5, 0.0001)));
        assertThat(enough).isInstanceOf(Decision.Dispatch.class);
    }

    @Test
    void theMetadataCapLowersTheRoutesCap() {
        Features capped = features(userSays("auto", "What is 2 + 2?"), Map.of(CostCap.METADATA_KEY, "0.0001"));
        assertThat(CostCap.of(ladder(2, 1, 0.01), capped)).isEqualTo(0.0001);
        assertThat(policy.decide(ladder(2, 1, 0.01), capped, List.of(scored(0, 0.1, 20, 5, 0.00005))))
                .isInstanceOf(Decision.ReturnBest.class);
    }

    @Test
    void aTierWithoutACapIsSentWhatTheMoneyLeftCanBuy() {
        RoutePlan plan = plan(1, 0.01, tier(0, model("a", 0, 0, 100_000), null, 0.9),
                tier(1, model("b", 0, 10, 100_000), null, 0.9));
        Decision d = policy.decide(plan, features, List.of(scored(0, 0.1, 20, 300, 0)));
        // $0.01 at $10/M output buys 1000 tokens
        assertThat(d).isInstanceOfSatisfying(Decision.Dispatch.class, dispatch ->
                assertThat(dispatch.maxTokens()).isEqualTo(1000));
        Decision tooShort = policy.decide(plan, features, List.of(scored(0, 0.1, 20, 1200, 0)));
        assertThat(tooShort).isInstanceOf(Decision.ReturnBest.class);
    }

    @Test
    void withoutACapNoCompletionCapIsInvented() {
        RoutePlan plan = plan(1, null, tier(0, model("a", 1, 1, 1000), null, 0.9),
                tier(1, model("b", 2, 2, 1000), null, 0.9));
        Decision d = policy.decide(plan, features, List.of(scored(0, 0.1, 20, 5, 0)));
        assertThat(d).isInstanceOfSatisfying(Decision.Dispatch.class, dispatch ->
                assertThat(dispatch.maxTokens()).isNull());
    }

    @Test
    void theTenantBudgetActsAsACap() {
        EscalationPolicy budgeted = new EscalationPolicy(request -> "acme".equals(request.tenant()) ? 0.0005 : 1);
        Decision d = budgeted.decide(ladder(2, 1, null), features, List.of(scored(0, 0.1, 20, 5, 0.0001)));
        assertThat(d).isInstanceOfSatisfying(Decision.ReturnBest.class, best ->
                assertThat(best.trace().reason()).contains("left of the budget"));
    }

    @Test
    void aFirstTierBeyondTheCapIsRefused() {
        Features capped = features(userSays("auto", "What is 2 + 2?"), Map.of(CostCap.METADATA_KEY, "0"));
        Decision d = policy.decide(ladder(2, 1, null), capped, List.of());
        assertThat(d).isInstanceOfSatisfying(Decision.Refuse.class, refuse ->
                assertThat(refuse.trace().outcome()).isEqualTo("refused"));
    }

    @Test
    void theTraceCarriesEveryAttemptWithScoresAndCost() {
        Decision d = policy.decide(ladder(3, 2, null), features,
                List.of(scored(0, 0.4, 20, 5, 0.001), scored(1, 0.9, 20, 7, 0.01)));
        DecisionTrace trace = d.trace();
        assertThat(trace.route()).isEqualTo("r");
        assertThat(trace.matchedBy()).isEqualTo("rule test");
        assertThat(trace.attempts()).extracting(AttemptTrace::model).containsExactly("m0", "m1");
        assertThat(trace.attempts()).extracting(AttemptTrace::accepted).containsExactly(false, true);
        assertThat(trace.attempts().getFirst().scores()).hasSize(1);
        assertThat(trace.totalCostUsd()).isCloseTo(0.011, org.assertj.core.api.Assertions.within(1e-15));
        assertThat(trace.finalModel()).isEqualTo("m1");
    }
}
