package dev.llmpool.simulator.openai.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code usage.completion_tokens_details}; the simulator does not reason, so zeros. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CompletionTokensDetails(
        @JsonProperty("reasoning_tokens") int reasoningTokens,
        @JsonProperty("audio_tokens") int audioTokens,
        @JsonProperty("accepted_prediction_tokens") int acceptedPredictionTokens,
        @JsonProperty("rejected_prediction_tokens") int rejectedPredictionTokens) {

    public static final CompletionTokensDetails NONE = new CompletionTokensDetails(0, 0, 0, 0);
}
