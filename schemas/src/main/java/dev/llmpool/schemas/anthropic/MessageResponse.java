package dev.llmpool.schemas.anthropic;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A message: the non-streamed answer, and the (empty) message of a stream's {@code message_start}, where
 * {@code stop_reason} and {@code stop_sequence} are written as null, as Anthropic does.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record MessageResponse(
        String id,
        String type,
        String role,
        String model,
        List<ContentBlock> content,
        @JsonInclude(JsonInclude.Include.ALWAYS) String stopReason,
        @JsonInclude(JsonInclude.Include.ALWAYS) String stopSequence,
        StopDetails stopDetails,
        Usage usage) {
}
