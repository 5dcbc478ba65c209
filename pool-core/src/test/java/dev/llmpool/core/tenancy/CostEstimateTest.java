package dev.llmpool.core.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.core.catalog.CatalogModel;
import dev.llmpool.core.catalog.Price;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class CostEstimateTest {

    private static final CatalogModel MODEL = new CatalogModel("m", "p", "m", List.of(), 128_000,
            new Price(0.15, 0.60), List.of(), 16_384);
    private final JsonCodec codec = new JsonCodec();

    private ChatCompletionRequest body(String json) {
        return codec.fromJson(json, ChatCompletionRequest.class);
    }

    @Test
    void thePromptAndTheCompletionCapOfEveryChoiceArePricedRoundedUp() {
        CostEstimate estimate = CostEstimate.of(body("""
                {"model":"m","max_tokens":100,"n":2,"messages":[]}"""), MODEL, 1000, 0);
        assertThat(estimate.completionTokens()).isEqualTo(200);
        assertThat(estimate.tokens()).isEqualTo(1200);
        // 1000 * 0.15 + 200 * 0.60 dollars a million tokens
        assertThat(estimate.nanos()).isEqualTo(270_000);
    }

    @Test
    void withoutACapTheModelsOutputLimitIsPaidFor() {
        CostEstimate estimate = CostEstimate.of(body("""
                {"model":"m","messages":[]}"""), MODEL, 0, 50);
        assertThat(estimate.completionTokens()).isEqualTo(16_384);
        CatalogModel unbounded = new CatalogModel("u", "p", "u", List.of(), 8000, new Price(1, 1), List.of());
        assertThat(CostEstimate.of(body("""
                {"model":"u","messages":[]}"""), unbounded, 0, 50).completionTokens()).isEqualTo(50);
    }

    @Test
    void maxCompletionTokensWinsOverMaxTokens() {
        assertThat(CostEstimate.of(body("""
                {"model":"m","max_tokens":100,"max_completion_tokens":10,"messages":[]}"""), MODEL, 0, 0)
                .completionTokens()).isEqualTo(10);
    }
}
