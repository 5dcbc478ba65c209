package dev.llmpool.simulator.anthropic.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A message's usage; no prompt caching here, so the cache counts are always 0. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Usage(
        @JsonProperty("input_tokens") int inputTokens,
        @JsonProperty("cache_creation_input_tokens") int cacheCreationInputTokens,
        @JsonProperty("cache_read_input_tokens") int cacheReadInputTokens,
        @JsonProperty("output_tokens") int outputTokens,
        @JsonProperty("service_tier") String serviceTier) {
}
