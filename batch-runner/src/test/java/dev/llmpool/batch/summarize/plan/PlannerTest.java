package dev.llmpool.batch.summarize.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmpool.batch.summarize.Fixtures;
import dev.llmpool.core.catalog.CatalogModel;
import dev.llmpool.core.catalog.Price;
import dev.llmpool.core.tokens.TokenCounter;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlannerTest {

    private static final TokenCounter TOKENS = new TokenCounter();

    private static StageModel model(String id, int window, int maxOutput) {
        CatalogModel m = new CatalogModel(id, "openai", id, List.of(), window, new Price(1, 2), List.of(), maxOutput);
        return new StageModel(id, "model", m, List.of(m), List.of(m));
    }

    @Test
    void noRequestOfARealBookExceedsItsModelsWindowWithItsAnswerEvenWhenTheWindowIsSmallerThanTheChunkSize() {
        StageModel map = model("gpt-4o-mini", 1200, 1000);
        StageModel reduce = model("gpt-4o", 2600, 1000);
        SummaryOptions options = SummaryOptions.defaults().chunkTokens(3000).overlapTokens(100)
                .chunkSummaryTokens(120).targetTokens(200).reduceInputTokens(100_000).build();
        Planner planner = new Planner(options, map, reduce, TOKENS);
        Document book = new Document("moby", "Moby Dick", Fixtures.text(Fixtures.MOBY_DICK));

        DocumentPlan plan = planner.plan(book);

        assertThat(plan.chunkBudget()).isLessThan(3000);
        assertThat(plan.chunks()).hasSizeGreaterThan(50);
        assertThat(plan.tree().depth()).isGreaterThanOrEqualTo(2);
        for (int i = 0; i < plan.chunks().size(); i++) {
            NodeKey node = new NodeKey(0, i);
            ChatCompletionRequest request = planner.request(plan, node, List.of());
            assertThat(TOKENS.countPrompt(request, "gpt-4o-mini") + request.maxTokens())
                    .as("chunk %d", i).isLessThanOrEqualTo(1200);
            assertThat(request.maxTokens()).isEqualTo(120);
        }
        String longSummary = Fixtures.text(Fixtures.TRUMAN_1946).substring(0, 5000);
        for (int level = 1; level <= plan.tree().depth(); level++) {
            for (int g = 0; g < plan.tree().width(level); g++) {
                NodeKey node = new NodeKey(level, g);
                if (plan.tree().carried(node)) {
                    continue;
                }
                List<String> inputs = new ArrayList<>();
                for (int k = 0; k < plan.tree().group(node).size(); k++) {
                    inputs.add(longSummary);
                }
                ChatCompletionRequest request = planner.request(plan, node, inputs);
                assertThat(TOKENS.countPrompt(request, "gpt-4o") + request.maxTokens())
                        .as("reduce %s", node).isLessThanOrEqualTo(2600);
                assertThat(request.maxTokens()).isEqualTo(node.equals(plan.tree().root()) ? 300 : 120);
            }
        }
    }

    @Test
    void theReduceInputLimitBoundsHowManySummariesOneReduceTakes() {
        StageModel big = model("gpt-4o", 128_000, 16_000);
        SummaryOptions options = SummaryOptions.defaults().chunkTokens(500).overlapTokens(0)
                .chunkSummaryTokens(100).reduceInputTokens(1000).build();
        DocumentPlan plan = new Planner(options, big, big, TOKENS)
                .plan(new Document("truman", null, Fixtures.text(Fixtures.TRUMAN_1946)));

        assertThat(plan.tree().fanIn()).isEqualTo(1000 / (plan.summaryLimit() + Planner.PER_SUMMARY));
        assertThat(plan.tree().fanIn()).isEqualTo(8);
    }

    @Test
    void aShortDocumentIsOneCallAskingForTheFinalSummary() {
        StageModel big = model("gpt-4o", 128_000, 16_000);
        Planner planner = new Planner(SummaryOptions.defaults().build(), big, big, TOKENS);
        String text = Fixtures.text(Fixtures.WASHINGTON_1790);

        DocumentPlan plan = planner.plan(new Document("washington", "1790", text));

        assertThat(plan.chunks()).hasSize(1);
        assertThat(plan.tree().depth()).isZero();
        assertThat(plan.calls()).isEqualTo(1);
        ChatCompletionRequest request = planner.request(plan, new NodeKey(0, 0), List.of());
        assertThat(request.messages().getLast().text()).contains(text.strip()).contains("Summarize the document");
        assertThat(request.maxTokens()).isEqualTo(450);
        assertThat(request.temperature()).isZero();
    }

    @Test
    void anAnswerCapAboveWhatAModelWritesOrAnEmptyDocumentIsRefused() {
        StageModel small = model("tiny", 8000, 200);
        StageModel big = model("gpt-4o", 128_000, 16_000);
        assertThatThrownBy(() -> new Planner(SummaryOptions.defaults().build(), small, big, TOKENS))
                .hasMessageContaining("writes at most 200");
        Planner planner = new Planner(SummaryOptions.defaults().build(), big, big, TOKENS);
        assertThatThrownBy(() -> planner.plan(new Document("empty", null, " \n ")))
                .hasMessageContaining("no text");
    }
}
