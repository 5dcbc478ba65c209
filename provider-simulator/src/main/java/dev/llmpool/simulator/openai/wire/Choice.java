package dev.llmpool.simulator.openai.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One choice of a non-streamed answer; {@code logprobs} is always present, null unless requested. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Choice(
        int index,
        AssistantMessage message,
        ChoiceLogprobs logprobs,
        @JsonProperty("finish_reason") String finishReason) {
}
