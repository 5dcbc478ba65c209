package dev.llmpool.router.policy.escalation;

import dev.llmpool.core.catalog.CatalogModel;
import dev.llmpool.router.policy.features.Features;
import dev.llmpool.core.tokens.TokenCounter;
import dev.llmpool.router.policy.scoring.ScoredAnswer;
import dev.llmpool.router.policy.scoring.Judgement;
import dev.llmpool.schemas.openai.Usage;

/** Usage and cost of an answer: the provider's usage when it reported one, else a jtokkit count. */
public final class CostModel {

    private final TokenCounter tokens;

    public CostModel(TokenCounter tokens) {
        this.tokens = tokens;
    }

    /** True when {@code reported} is missing or empty and {@link #usage} will estimate. */
    public static boolean needsEstimate(Usage reported) {
        return reported == null || reported.promptTokens() <= 0 && reported.completionTokens() <= 0;
    }

    /** The reported usage, or prompt tokens from the features and completion tokens counted in the answer(s). */
    public Usage usage(Usage reported, Features features, ScoredAnswer answer, CatalogModel model) {
        if (!needsEstimate(reported)) {
            return reported;
        }
        int completion = 0;
        if (answer.samples().isEmpty()) {
            completion = tokens.count(answer.content(), model.upstream());
        } else {
            for (String sample : answer.samples()) {
                completion += tokens.count(sample, model.upstream());
            }
        }
        return Usage.of(features.promptTokens(), completion);
    }

    public static double cost(CatalogModel model, Usage usage) {
        return model.price().cost(usage);
    }

    /** An attempt priced and judged. */
    public Attempt attempt(int position, CatalogModel model, ScoredAnswer answer,
                           Judgement judgement, Usage reported, Features features) {
        Usage usage = usage(reported, features, answer, model);
        return new Attempt(position, answer, judgement, usage, needsEstimate(reported), cost(model, usage));
    }
}
