package dev.llmpool.simulator.anthropic.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The usage of {@code message_delta}: cumulative, the output count final. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeltaUsage(
        @JsonProperty("input_tokens") int inputTokens,
        @JsonProperty("cache_creation_input_tokens") int cacheCreationInputTokens,
        @JsonProperty("cache_read_input_tokens") int cacheReadInputTokens,
        @JsonProperty("output_tokens") int outputTokens) {
}
