package dev.llmpool.router.machine;

import dev.llmpool.core.catalog.CatalogModel;
import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.core.tokens.TokenCounter;
import dev.llmpool.router.policy.escalation.Attempt;
import dev.llmpool.router.policy.escalation.CostModel;
import dev.llmpool.router.policy.features.Features;
import dev.llmpool.router.policy.rules.PlannedTier;
import dev.llmpool.router.policy.scoring.AnswerScorer;
import dev.llmpool.router.policy.scoring.Judgement;
import dev.llmpool.router.policy.scoring.ScoredAnswer;
import dev.llmpool.router.policy.scoring.ScoringContext;
import dev.llmpool.schemas.openai.Usage;
import java.util.ArrayList;
import java.util.List;

/**
 * The answers a routed job's tiers gave so far, each scored by its tier's acceptance and priced (a judge's cost
 * included), as the escalation policy reads them. Pure.
 */
final class AnswerReview {

    private final AnswerScorer scorer = new AnswerScorer();
    private final CostModel costs;

    AnswerReview(TokenCounter tokens) {
        this.costs = new CostModel(tokens);
    }

    /** One attempt per answer of {@code track}, in order; a tier that failed counts as a hard-failed empty answer. */
    List<Attempt> review(Ladder.PlannedRoute route, RouteTrack track, ModelCatalog catalog) {
        Features features = route.features();
        List<Attempt> attempts = new ArrayList<>();
        for (TierAnswer answer : track.answers()) {
            PlannedTier tier = route.plan().tier(answer.position());
            if (answer.completion() == null) {
                attempts.add(new Attempt(answer.position(), ScoredAnswer.text("", null),
                        Judgement.failed("error", answer.failure()), Usage.of(0, 0), false, 0));
                continue;
            }
            CatalogModel model = catalog.resolve(answer.model()).orElse(tier.model());
            ScoredAnswer scored = ScoredAnswer.of(answer.completion()).withJudgeScore(answer.judgeScore());
            Judgement judgement = scorer.judge(scored, new ScoringContext(features.jsonRequested(),
                    features.jsonSchema(), tier.acceptance()), route.plan().combination());
            Attempt priced = costs.attempt(answer.position(), model, scored, judgement,
                    answer.completion().usage(), features);
            double judgeCost = answer.judgeCost() == null ? 0 : answer.judgeCost();
            attempts.add(new Attempt(priced.position(), priced.answer(), priced.judgement(), priced.usage(),
                    priced.usageEstimated(), priced.costUsd() + judgeCost));
        }
        return attempts;
    }
}
