package dev.llmpool.router.policy.escalation;

import static dev.llmpool.router.policy.PolicyFixtures.CATALOG;
import static dev.llmpool.router.policy.PolicyFixtures.TOKENS;
import static dev.llmpool.router.policy.PolicyFixtures.features;
import static dev.llmpool.router.policy.PolicyFixtures.userSays;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmpool.core.catalog.CatalogModel;
import dev.llmpool.router.policy.features.Features;
import dev.llmpool.router.policy.scoring.ScoredAnswer;
import dev.llmpool.router.policy.scoring.Judgement;
import dev.llmpool.schemas.openai.Usage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostModelTest {

    private final CostModel costs = new CostModel(TOKENS);
    private final CatalogModel mini = CATALOG.resolve("gpt-4o-mini").orElseThrow();
    private final Features features = features(userSays("auto", "Say hello"), Map.of());

    @Test
    void reportedUsageIsPricedAtCatalogPrices() {
        Attempt a = costs.attempt(0, mini, ScoredAnswer.text("Hello", "stop"), new Judgement(1, false, List.of()),
                Usage.of(1000, 2000), features);
        assertThat(a.usageEstimated()).isFalse();
        assertThat(a.costUsd()).isCloseTo((1000 * 0.15 + 2000 * 0.60) / 1e6, within(1e-15));
    }

    @Test
    void missingUsageIsEstimatedWithJtokkit() {
        Usage usage = costs.usage(null, features, ScoredAnswer.text("Hello there, friend", "stop"), mini);
        assertThat(usage.promptTokens()).isEqualTo(features.promptTokens());
        assertThat(usage.completionTokens()).isEqualTo(TOKENS.count("Hello there, friend", "gpt-4o-mini"));
        assertThat(CostModel.needsEstimate(Usage.of(0, 0))).isTrue();
        assertThat(CostModel.needsEstimate(Usage.of(5, 0))).isFalse();
    }

    @Test
    void everySampleCountsWhenNAnswersWereAsked() {
        ScoredAnswer sampled = new ScoredAnswer("Hi", "stop", null, false, List.of(), List.of("Hi", "Hello", "Hey"), null);
        assertThat(costs.usage(null, features, sampled, mini).completionTokens()).isEqualTo(3);
    }
}
