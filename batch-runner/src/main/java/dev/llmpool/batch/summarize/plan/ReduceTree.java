package dev.llmpool.batch.summarize.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * How a document's chunk summaries are combined: level after level, the summaries of the level below in consecutive
 * groups of at most {@code fanIn} (sizes differing by at most one), until one group holds them all and its reduce
 * is the final summary. A group of one is carried up as it is, without a call. A document of one chunk has no reduce
 * level: its one call is the final summary. The shape depends only on the number of chunks and the fan-in, so it is
 * known before any call (each summary's length is capped, so {@code fanIn} of them always fit). Pure.
 *
 * @param leaves the chunks
 * @param levels the groups of each reduce level, from level 1 up
 */
public record ReduceTree(int leaves, int fanIn, List<List<Group>> levels) {

    /** Inputs {@code [from, to)} of the level below. */
    public record Group(int from, int to) {
        public int size() {
            return to - from;
        }
    }

    public ReduceTree {
        levels = levels.stream().map(List::copyOf).toList();
    }

    public static ReduceTree of(int leaves, int fanIn) {
        if (leaves < 1 || fanIn < 2) {
            throw new IllegalArgumentException("a tree needs a leaf and a fan-in of at least 2");
        }
        List<List<Group>> levels = new ArrayList<>();
        int m = leaves;
        while (m > 1) {
            if (m <= fanIn) {
                levels.add(List.of(new Group(0, m)));
                break;
            }
            int groups = (m + fanIn - 1) / fanIn;
            int base = m / groups;
            int extra = m % groups;
            List<Group> level = new ArrayList<>();
            int from = 0;
            for (int g = 0; g < groups; g++) {
                int size = base + (g < extra ? 1 : 0);
                level.add(new Group(from, from + size));
                from += size;
            }
            levels.add(level);
            m = groups;
        }
        return new ReduceTree(leaves, fanIn, levels);
    }

    /** Reduce levels (0 for a document of one chunk). */
    public int depth() {
        return levels.size();
    }

    /** The node holding the final summary. */
    public NodeKey root() {
        return new NodeKey(depth(), 0);
    }

    /** Nodes on a level: the chunks on level 0, the groups above. */
    public int width(int level) {
        return level == 0 ? leaves : levels.get(level - 1).size();
    }

    /** The group a reduce node combines. */
    public Group group(NodeKey node) {
        return levels.get(node.level() - 1).get(node.index());
    }

    /** Whether the node is a group of one, carried up without a call. */
    public boolean carried(NodeKey node) {
        return node.level() > 0 && group(node).size() == 1;
    }

    /** Calls on a level (groups of one make none). */
    public int calls(int level) {
        if (level == 0) {
            return leaves;
        }
        return (int) levels.get(level - 1).stream().filter(g -> g.size() > 1).count();
    }

    /** The chunks (0-based, first and last) a node's summary covers. */
    public int[] leafRange(NodeKey node) {
        if (node.level() == 0) {
            return new int[] {node.index(), node.index()};
        }
        Group group = group(node);
        return new int[] {leafRange(new NodeKey(node.level() - 1, group.from()))[0],
                leafRange(new NodeKey(node.level() - 1, group.to() - 1))[1]};
    }

    /** Every reduce call. */
    public int reduceCalls() {
        int calls = 0;
        for (int level = 1; level <= depth(); level++) {
            calls += calls(level);
        }
        return calls;
    }
}
