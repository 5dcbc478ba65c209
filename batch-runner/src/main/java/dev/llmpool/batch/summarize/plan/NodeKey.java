package dev.llmpool.batch.summarize.plan;

/**
 * A node of a document's summary tree: level 0 holds the chunks' summaries, each level above combines groups of
 * the one below, and the last level holds the final summary alone.
 */
public record NodeKey(int level, int index) implements Comparable<NodeKey> {

    /** {@code <level>.<index>}, as in job ids and checkpoint fields. */
    @Override
    public String toString() {
        return level + "." + index;
    }

    public static NodeKey parse(String text) {
        int dot = text.indexOf('.');
        return new NodeKey(Integer.parseInt(text.substring(0, dot)), Integer.parseInt(text.substring(dot + 1)));
    }

    @Override
    public int compareTo(NodeKey other) {
        return level != other.level ? Integer.compare(level, other.level) : Integer.compare(index, other.index);
    }
}
