package dev.llmpool.router.policy.scoring;

import dev.llmpool.router.policy.PolicyFixtures;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** Helpers for scorer tests. */
final class Scoring {

    static final ScoringContext PLAIN = context(false, null, null);

    private Scoring() {
    }

    static ScoringContext context(boolean json, String schema, String pattern) {
        JsonNode schemaNode = schema == null ? null : PolicyFixtures.JSON.readTree(schema);
        return new ScoringContext(json, schemaNode, new Acceptance(0.5, Acceptance.DEFAULT_SCORERS,
                pattern == null ? null : Pattern.compile(pattern)));
    }

    static ScorerSpec spec(ScorerKind kind) {
        return ScorerSpec.of(kind);
    }

    static ScorerSpec spec(ScorerKind kind, double weight, Map<String, Object> params) {
        return new ScorerSpec(kind, weight, params);
    }

    static ScoredAnswer answer(String text) {
        return ScoredAnswer.text(text, "stop");
    }

    static ScoredAnswer withLogprobs(String text, double... logprobs) {
        List<TokenLogprob> list = new java.util.ArrayList<>();
        for (double lp : logprobs) {
            list.add(new TokenLogprob("t", lp));
        }
        return new ScoredAnswer(text, "stop", null, false, list, List.of(), null);
    }
}
