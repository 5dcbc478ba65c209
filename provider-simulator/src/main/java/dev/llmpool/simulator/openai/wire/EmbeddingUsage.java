package dev.llmpool.simulator.openai.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Embeddings usage: the input's tokens. */
public record EmbeddingUsage(@JsonProperty("prompt_tokens") int promptTokens,
                             @JsonProperty("total_tokens") int totalTokens) {
}
