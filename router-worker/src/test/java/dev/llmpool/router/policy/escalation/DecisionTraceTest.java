package dev.llmpool.router.policy.escalation;

import static dev.llmpool.router.policy.PolicyFixtures.JSON;
import static dev.llmpool.router.policy.PolicyFixtures.features;
import static dev.llmpool.router.policy.PolicyFixtures.userSays;
import static dev.llmpool.router.policy.escalation.Plans.failed;
import static dev.llmpool.router.policy.escalation.Plans.ladder;
import static dev.llmpool.router.policy.escalation.Plans.scored;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class DecisionTraceTest {

    private final DecisionTrace trace = new EscalationPolicy(TenantBudget.UNLIMITED).decide(ladder(3, 2, null),
            features(userSays("auto", "hi"), Map.of()), List.of(failed(0, 0.0002), scored(1, 0.93, 20, 7, 0.001)))
            .trace();

    @Test
    void serializesAsSnakeCaseJsonForTheJobResult() {
        JsonNode json = JSON.tree(trace);
        assertThat(json.path("route").asString()).isEqualTo("r");
        assertThat(json.path("matched_by").asString()).isEqualTo("rule test");
        assertThat(json.path("outcome").asString()).isEqualTo("accepted");
        assertThat(json.path("final_model").asString()).isEqualTo("m1");
        assertThat(json.path("attempts")).hasSize(2);
        JsonNode first = json.path("attempts").path(0);
        assertThat(first.path("hard_failed").asBoolean()).isTrue();
        assertThat(first.path("scores").path(0).path("verdict").asString()).isEqualTo("hard_fail");
        assertThat(first.path("scores").path(0).path("reason").asString()).isEqualTo("truncated");
        assertThat(first.path("usage").path("completion_tokens").asInt()).isEqualTo(500);
        assertThat(json.path("total_cost_usd").asDouble()).isCloseTo(0.0012, within(1e-15));
        assertThat(JSON.fromJson(JSON.toJson(trace), DecisionTrace.class)).isEqualTo(trace);
    }

    @Test
    void hasAShortFormForResponseHeaders() {
        assertThat(trace.shortForm()).isEqualTo("route=r; by=rule:test; tiers=m0:fail,m1:0.93; final=m1; "
                + "cost=0.001200");
    }
}
