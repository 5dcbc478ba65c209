package dev.llmpool.batch.summarize.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.batch.summarize.plan.Document;
import dev.llmpool.batch.summarize.plan.DocumentPlan;
import dev.llmpool.batch.summarize.plan.NodeKey;
import dev.llmpool.batch.summarize.plan.ReduceTree;
import dev.llmpool.batch.summarize.text.Chunk;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DocumentRunTest {

    /** Three chunks, fan-in 2: level 1 groups (0,1) and (2) carried, level 2 the root. */
    private static DocumentPlan plan() {
        String text = "One. Two. Three.";
        return new DocumentPlan(new Document("doc", null, text), "key", 6, 100,
                List.of(new Chunk(0, 0, 4, 2), new Chunk(1, 5, 9, 2), new Chunk(2, 10, 16, 2)),
                ReduceTree.of(3, 2), 50);
    }

    private static NodeResult answer(String text) {
        return NodeResult.answered(text, "gpt-4o-mini", 10, 5, 0.001, false);
    }

    @Test
    void nodesStartWhenTheirInputsAreDoneAndAGroupOfOneIsCarriedWithoutACall() {
        DocumentRun run = new DocumentRun(plan(), Map.of());
        assertThat(run.ready()).containsExactly(new NodeKey(0, 0), new NodeKey(0, 1), new NodeKey(0, 2));
        assertThat(run.ready()).isEmpty();

        run.complete(new NodeKey(0, 2), answer("s2"));
        assertThat(run.ready()).isEmpty();
        run.complete(new NodeKey(0, 0), answer("s0"));
        run.complete(new NodeKey(0, 1), answer("s1"));
        assertThat(run.ready()).containsExactly(new NodeKey(1, 0));
        assertThat(run.inputs(new NodeKey(1, 0))).containsExactly("s0", "s1");

        run.complete(new NodeKey(1, 0), answer("s01"));
        assertThat(run.ready()).containsExactly(new NodeKey(2, 0));
        assertThat(run.inputs(new NodeKey(2, 0))).containsExactly("s01", "s2");
        run.complete(new NodeKey(2, 0), answer("final"));

        assertThat(run.finished()).isTrue();
        DocumentSummary summary = run.summary();
        assertThat(summary.summary()).isEqualTo("final");
        assertThat(summary.calls()).isEqualTo(5);
        assertThat(summary.chunks()).isEqualTo(3);
        assertThat(summary.reduceLevels()).isEqualTo(2);
        assertThat(summary.usage().totalTokens()).isEqualTo(75);
        assertThat(summary.fallback()).isFalse();
    }

    @Test
    void checkpointedNodesAreNeverStartedAgainAndFallbacksAreCountedAndNamed() {
        NodeResult extractive = NodeResult.fallback("One.", "bad_request: refused");
        DocumentRun run = new DocumentRun(plan(), Map.of(new NodeKey(0, 0), extractive,
                new NodeKey(0, 1), answer("s1"), new NodeKey(9, 9), answer("stale")));

        assertThat(run.checkpointed()).isEqualTo(2);
        List<NodeKey> ready = new ArrayList<>(run.ready());
        assertThat(ready).containsExactlyInAnyOrder(new NodeKey(0, 2), new NodeKey(1, 0));
        assertThat(run.source(new NodeKey(1, 0))).isEqualTo("One.\n\ns1");

        run.complete(new NodeKey(0, 2), answer("s2"));
        run.complete(new NodeKey(1, 0), answer("s01"));
        run.complete(new NodeKey(2, 0), answer("final"));

        DocumentSummary summary = run.summary();
        assertThat(summary.fallback()).isTrue();
        assertThat(summary.fallbackChunks()).isEqualTo(1);
        assertThat(summary.fallbackReduces()).isZero();
        assertThat(summary.failures()).containsExactly(new DocumentSummary.Failure("0.0", "bad_request: refused"));
        assertThat(summary.models()).containsExactly("gpt-4o-mini");
    }
}
