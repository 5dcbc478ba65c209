package dev.llmpool.simulator.openai.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One choice of a chunk; {@code logprobs} and {@code finish_reason} are always present, null until they apply. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChunkChoice(
        int index,
        ChunkDelta delta,
        ChoiceLogprobs logprobs,
        @JsonProperty("finish_reason") String finishReason) {
}
