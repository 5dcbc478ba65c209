package dev.llmpool.schemas.anthropic;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A stream event's {@code delta}: a block delta ({@code text_delta}, {@code input_json_delta} with
 * {@code partial_json}, {@code thinking_delta}, {@code signature_delta}) or a {@code message_delta}'s stop reason.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record StreamDelta(
        String type,
        String text,
        String partialJson,
        String thinking,
        String signature,
        String stopReason,
        String stopSequence,
        StopDetails stopDetails) {
}
