package dev.llmpool.batch.summarize.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReduceTreeTest {

    @Test
    void aDocumentOfOneChunkHasNoReduceLevel() {
        ReduceTree tree = ReduceTree.of(1, 4);
        assertThat(tree.depth()).isZero();
        assertThat(tree.root()).isEqualTo(new NodeKey(0, 0));
        assertThat(tree.reduceCalls()).isZero();
    }

    @Test
    void summariesThatFitOneReduceAreCombinedByOneCall() {
        ReduceTree tree = ReduceTree.of(5, 8);
        assertThat(tree.depth()).isEqualTo(1);
        assertThat(tree.levels()).containsExactly(List.of(new ReduceTree.Group(0, 5)));
        assertThat(tree.reduceCalls()).isEqualTo(1);
    }

    @Test
    void moreSummariesThanOneReduceTakesCollapseLevelAfterLevelInBalancedGroups() {
        ReduceTree tree = ReduceTree.of(20, 4);
        assertThat(tree.levels()).containsExactly(
                List.of(new ReduceTree.Group(0, 4), new ReduceTree.Group(4, 8), new ReduceTree.Group(8, 12),
                        new ReduceTree.Group(12, 16), new ReduceTree.Group(16, 20)),
                List.of(new ReduceTree.Group(0, 3), new ReduceTree.Group(3, 5)),
                List.of(new ReduceTree.Group(0, 2)));
        assertThat(tree.depth()).isEqualTo(3);
        assertThat(tree.reduceCalls()).isEqualTo(8);
        assertThat(tree.root()).isEqualTo(new NodeKey(3, 0));
        assertThat(tree.leafRange(new NodeKey(2, 1))).containsExactly(12, 19);
    }

    @Test
    void aGroupOfOneIsCarriedUpWithoutACall() {
        ReduceTree tree = ReduceTree.of(3, 2);
        assertThat(tree.levels().getFirst()).containsExactly(new ReduceTree.Group(0, 2), new ReduceTree.Group(2, 3));
        assertThat(tree.carried(new NodeKey(1, 1))).isTrue();
        assertThat(tree.calls(1)).isEqualTo(1);
        assertThat(tree.reduceCalls()).isEqualTo(2);
    }

    @Test
    void everyLevelUsesEachSummaryBelowOnceInGroupsOfAtMostTheFanInAndEndsInOneRoot() {
        for (int leaves = 1; leaves <= 300; leaves++) {
            for (int fanIn = 2; fanIn <= 12; fanIn++) {
                ReduceTree tree = ReduceTree.of(leaves, fanIn);
                int below = leaves;
                for (List<ReduceTree.Group> level : tree.levels()) {
                    int next = 0;
                    for (ReduceTree.Group group : level) {
                        assertThat(group.from()).isEqualTo(next);
                        assertThat(group.size()).isBetween(1, fanIn);
                        next = group.to();
                    }
                    assertThat(next).isEqualTo(below);
                    int max = level.stream().mapToInt(ReduceTree.Group::size).max().orElseThrow();
                    int min = level.stream().mapToInt(ReduceTree.Group::size).min().orElseThrow();
                    assertThat(max - min).isLessThanOrEqualTo(1);
                    below = level.size();
                }
                assertThat(below).isEqualTo(1);
                int expectedDepth = leaves == 1 ? 0 : (int) Math.ceil(Math.log(leaves) / Math.log(fanIn) - 1e-9);
                assertThat(tree.depth()).as("%d leaves, fan-in %d", leaves, fanIn).isEqualTo(expectedDepth);
            }
        }
    }
}
