package dev.llmpool.simulator.openai.wire;

/**
 * One vector ({@code object: "embedding"}): {@code embedding} is a float array, or a base64 string of little-endian
 * float32 values when the request asked for {@code encoding_format: "base64"}.
 */
public record EmbeddingItem(String object, int index, Object embedding) {
}
