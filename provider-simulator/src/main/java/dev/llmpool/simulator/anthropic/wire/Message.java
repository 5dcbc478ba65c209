package dev.llmpool.simulator.anthropic.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A message, {@code type: "message"}: the whole answer, or in {@code message_start} the empty shell with
 * {@code stop_reason: null}. {@code stop_reason} and {@code stop_sequence} are always present; {@code stop_details}
 * only for refusals.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Message(
        String id,
        String type,
        String role,
        String model,
        List<ContentBlock> content,
        @JsonProperty("stop_reason") String stopReason,
        @JsonProperty("stop_sequence") String stopSequence,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("stop_details") StopDetails stopDetails,
        Usage usage) {
}
