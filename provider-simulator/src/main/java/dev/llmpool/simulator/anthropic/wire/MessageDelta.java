package dev.llmpool.simulator.anthropic.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The delta of {@code message_delta}: how the message stopped ({@code stop_sequence} always present, maybe null). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MessageDelta(
        @JsonProperty("stop_reason") String stopReason,
        @JsonProperty("stop_sequence") String stopSequence,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("stop_details") StopDetails stopDetails) {
}
