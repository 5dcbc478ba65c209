package dev.llmpool.batch.summarize.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.batch.summarize.Fixtures;
import dev.llmpool.core.tokens.TokenCounter;
import org.junit.jupiter.api.Test;

class EstimateTest {

    @Test
    void theEstimateCountsEveryChunkAndReduceCallAndRangesTheCost() {
        StageModels models = new StageModels(Fixtures.catalog(), Fixtures.rules());
        SummaryOptions options = SummaryOptions.defaults().mapModel("fast").reduceModel("balanced")
                .chunkTokens(1000).overlapTokens(50).chunkSummaryTokens(100).reduceInputTokens(600).build();
        Planner planner = new Planner(options, models.resolve(options.mapModel()),
                models.resolve(options.reduceModel()), new TokenCounter());
        Estimate estimate = new Estimate(planner);
        DocumentPlan book = planner.plan(new Document("moby", null, Fixtures.text(Fixtures.MOBY_DICK)));
        DocumentPlan address = planner.plan(new Document("1790", null, Fixtures.text(Fixtures.WASHINGTON_1790)));

        estimate.add(book);
        estimate.add(address);
        estimate.refuse("empty.txt", "the document has no text");

        assertThat(estimate.documents()).isEqualTo(2);
        assertThat(estimate.chunks()).isEqualTo(book.chunks().size() + address.chunks().size());
        assertThat(estimate.mapCalls()).isEqualTo(estimate.chunks());
        assertThat(estimate.calls()).isEqualTo(book.calls() + address.calls());
        assertThat(estimate.reduceCalls()).hasSize(book.tree().depth());
        assertThat(estimate.callsByModel()).containsEntry("gpt-4o-mini", estimate.calls());
        assertThat(estimate.costLow()).isPositive().isLessThan(estimate.costExpected());
        assertThat(estimate.costExpected()).isLessThan(estimate.costHigh());
        assertThat(estimate.lines()).anySatisfy(l -> assertThat(l).startsWith("cost (USD)"))
                .anySatisfy(l -> assertThat(l).contains("empty.txt"));
    }
}
