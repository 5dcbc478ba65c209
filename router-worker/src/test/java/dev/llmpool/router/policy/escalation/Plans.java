package dev.llmpool.router.policy.escalation;

import dev.llmpool.core.catalog.CatalogModel;
import dev.llmpool.core.catalog.Price;
import dev.llmpool.router.policy.rules.PlannedTier;
import dev.llmpool.router.policy.rules.RoutePlan;
import dev.llmpool.router.policy.scoring.Acceptance;
import dev.llmpool.router.policy.scoring.ScoredAnswer;
import dev.llmpool.router.policy.scoring.Combination;
import dev.llmpool.router.policy.scoring.Judgement;
import dev.llmpool.router.policy.scoring.Score;
import dev.llmpool.schemas.openai.Usage;
import java.util.ArrayList;
import java.util.List;

/** Hand-made plans and attempts for policy tests. */
final class Plans {

    private Plans() {
    }

    static CatalogModel model(String id, double in, double out, int window) {
        return new CatalogModel(id, "p", id, List.of(), window, new Price(in, out), List.of());
    }

    /** Tiers cheap to dear, each with its threshold and completion cap. */
    static RoutePlan plan(int maxEscalations, Double maxCost, PlannedTier... tiers) {
        return new RoutePlan("r", "rule test", false, Combination.MIN, List.of(tiers), List.of(), maxEscalations,
                maxCost);
    }

    static PlannedTier tier(int index, CatalogModel model, Integer maxTokens, double threshold) {
        return new PlannedTier(index, model, maxTokens, Acceptance.LENIENT.withThreshold(threshold));
    }

    static RoutePlan ladder(int tiers, int maxEscalations, Double maxCost) {
        List<PlannedTier> list = new ArrayList<>();
        for (int i = 0; i < tiers; i++) {
            list.add(tier(i, model("m" + i, Math.pow(10, i) * 0.1, Math.pow(10, i) * 0.4, 100_000), 500, 0.7));
        }
        return plan(maxEscalations, maxCost, list.toArray(PlannedTier[]::new));
    }

    static Attempt scored(int position, double score, int prompt, int completion, double cost) {
        return new Attempt(position, ScoredAnswer.text("answer " + position, "stop"),
                new Judgement(score, false, List.of(new Score("logprob", Score.Verdict.SCORED, score, 1, "test"))),
                Usage.of(prompt, completion), false, cost);
    }

    static Attempt failed(int position, double cost) {
        return new Attempt(position, ScoredAnswer.text("cut", "length"), Judgement.failed("finish_reason", "truncated"),
                Usage.of(10, 500), false, cost);
    }
}
