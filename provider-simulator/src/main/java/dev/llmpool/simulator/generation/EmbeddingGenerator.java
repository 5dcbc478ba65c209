package dev.llmpool.simulator.generation;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Deterministic embeddings: the same text gives the same vector, and texts sharing words and letter groups give
 * close vectors. Each character trigram of the lower-cased text (padded with spaces) and each word is hashed
 * (64-bit FNV-1a) to a dimension and a sign and counted there; the vector is then scaled to length 1. Similar texts
 * share most trigrams, so their cosine similarity is high; unrelated texts share few, so theirs is near 0. Pure and
 * thread-safe.
 */
public final class EmbeddingGenerator {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private EmbeddingGenerator() {
    }

    /** The vector of {@code text} with {@code dimensions} entries, of length 1. */
    public static float[] embed(String text, int dimensions) {
        if (dimensions < 1) {
            throw new IllegalArgumentException("dimensions must be positive");
        }
        double[] sums = new double[dimensions];
        String normalized = " " + (text == null ? "" : text.toLowerCase(Locale.ROOT).strip()) + " ";
        for (int i = 0; i + 3 <= normalized.length(); i++) {
            add(sums, normalized.substring(i, i + 3), 1.0);
        }
        for (String word : normalized.strip().split("\\W+")) {
            if (!word.isEmpty()) {
                add(sums, "w:" + word, 2.0);
            }
        }
        double norm = 0;
        for (double sum : sums) {
            norm += sum * sum;
        }
        float[] vector = new float[dimensions];
        if (norm == 0) {
            vector[0] = 1f;
            return vector;
        }
        double length = Math.sqrt(norm);
        for (int i = 0; i < dimensions; i++) {
            vector[i] = (float) (sums[i] / length);
        }
        return vector;
    }

    private static void add(double[] sums, String feature, double weight) {
        long hash = FNV_OFFSET;
        for (byte b : feature.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= FNV_PRIME;
        }
        int index = (int) Long.remainderUnsigned(hash, sums.length);
        sums[index] += (hash >>> 63) == 0 ? weight : -weight;
    }

    /** The vector length a model gives when the request names none. */
    public static int defaultDimensions(String model) {
        String name = model == null ? "" : model.toLowerCase(Locale.ROOT);
        if (name.contains("3-large") || name.startsWith("gemini-embedding")) {
            return 3072;
        }
        if (name.startsWith("text-embedding-004") || name.contains("nomic") || name.startsWith("embedding-001")) {
            return 768;
        }
        return 1536;
    }

    /** The tokens a text counts as (about four characters each, at least one). */
    public static int tokens(String text) {
        return Math.max(1, ((text == null ? 0 : text.length()) + 3) / 4);
    }
}
