package dev.llmpool.simulator.openai.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code usage.prompt_tokens_details}; the simulator caches nothing, so zeros. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PromptTokensDetails(
        @JsonProperty("cached_tokens") int cachedTokens,
        @JsonProperty("audio_tokens") int audioTokens) {

    public static final PromptTokensDetails NONE = new PromptTokensDetails(0, 0);
}
