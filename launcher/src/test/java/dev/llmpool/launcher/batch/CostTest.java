package dev.llmpool.launcher.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmpool.core.catalog.CatalogLoader;
import dev.llmpool.schemas.json.JsonCodec;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostTest {

    private static final Prices PRICES = new Prices(new CatalogLoader().parse("""
            models:
              - id: cheap
                provider: openai
                upstream: cheap-2025-01-01
                aliases: [fast]
                context_window: 1000
                price: {input_per_mtok: 1.00, output_per_mtok: 2.00}
              - id: dear
                provider: openai
                upstream: dear
                context_window: 1000
                price: {input_per_mtok: 10.00, output_per_mtok: 20.00}
            """));

    private final JsonCodec codec = new JsonCodec();

    @Test
    void pricesAreFoundByIdAliasAndUpstreamNameButNotForRoutes() {
        assertThat(PRICES.of("cheap")).hasValueSatisfying(p -> assertThat(p.inputPerMTok()).isEqualTo(1.0));
        assertThat(PRICES.of("fast")).isEqualTo(PRICES.of("cheap"));
        assertThat(PRICES.of("cheap-2025-01-01")).isEqualTo(PRICES.of("cheap"));
        assertThat(PRICES.of("auto")).isEmpty();
    }

    @Test
    void aRunningBatchIsPricedAtItsInputsModelMixAndCalledAnEstimate() {
        // 3 lines of cheap, 1 of dear: per million tokens 3.25 in, 6.50 out
        Cost cost = Cost.estimate(ModelMix.of(Map.of("cheap", 2L, "fast", 1L, "dear", 1L)), PRICES, 1_000_000,
                2_000_000);

        assertThat(cost.exact()).isFalse();
        assertThat(cost.usd()).isCloseTo(3.25 + 13.0, within(1e-9));
        assertThat(cost.note()).isNull();
    }

    @Test
    void linesOfARouteArePricedAsTheOthersAndTheEstimateSaysSo() {
        Cost cost = Cost.estimate(ModelMix.of(Map.of("dear", 1L, "auto", 3L)), PRICES, 1_000_000, 0);

        assertThat(cost.usd()).isCloseTo(10.0, within(1e-9));
        assertThat(cost.note()).isEqualTo("3 lines naming a route priced as the other lines' models");
        assertThat(Cost.estimate(ModelMix.of(Map.of("auto", 3L)), PRICES, 1_000, 1_000).usd())
                .as("nothing to price a route with").isNull();
    }

    @Test
    void theModelMixIsReadFromTheInputLineByLine() {
        String input = """
                {"custom_id":"a","method":"POST","url":"/v1/chat/completions","body":{"model":"cheap","messages":[]}}
                {"custom_id":"b","method":"POST","url":"/v1/chat/completions","body":{"model":"auto","messages":[]}}

                {"custom_id":"c","method":"POST","url":"/v1/chat/completions","body":{"model":"cheap","messages":[]}}
                not json
                """;

        ModelMix mix = ModelMix.scan(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), codec);

        assertThat(mix.linesByModel()).containsExactly(Map.entry("auto", 1L), Map.entry("cheap", 2L));
        assertThat(mix.lines()).isEqualTo(4);
    }

    @Test
    void theOutputFileGivesTheExactCostPerModelThatAnswered() {
        String output = line("a", "cheap-2025-01-01", 1_000, 500) + line("b", "dear", 2_000, 1_000)
                + line("c", "cheap", 1_000, 500) + line("d", "mystery", 7, 7)
                + "{\"id\":\"x\",\"custom_id\":\"e\",\"response\":null,\"error\":{\"code\":\"batch_expired\"}}\n";

        OutputCost cost = OutputCost.scan(new ByteArrayInputStream(output.getBytes(StandardCharsets.UTF_8)), PRICES,
                codec);

        assertThat(cost.byModel()).containsOnlyKeys("cheap-2025-01-01", "cheap", "dear", "mystery");
        assertThat(cost.byModel().get("dear").usd()).isCloseTo((2_000 * 10.0 + 1_000 * 20.0) / 1e6, within(1e-12));
        assertThat(cost.byModel().get("cheap").lines()).isEqualTo(1);
        assertThat(cost.usd()).isCloseTo(2 * (1_000 * 1.0 + 500 * 2.0) / 1e6 + 0.04, within(1e-12));
        assertThat(cost.cost().exact()).isTrue();
        assertThat(cost.cost().note()).isEqualTo("no catalog price for mystery");
        assertThat(cost.byModel().get("mystery").inputTokens()).isEqualTo(7);
    }

    private static String line(String customId, String model, int prompt, int completion) {
        return "{\"id\":\"batch_req_" + customId + "\",\"custom_id\":\"" + customId + "\",\"response\":{\"status_code\""
                + ":200,\"request_id\":\"r\",\"body\":{\"object\":\"chat.completion\",\"model\":\"" + model + "\","
                + "\"choices\":[],\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion
                + ",\"total_tokens\":" + (prompt + completion) + "}}},\"error\":null}\n";
    }
}
