package dev.llmpool.workers.provider.anthropic.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** A message: the non-streamed answer, and the (empty) message of a stream's {@code message_start}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record MessageResponse(
        String id,
        String type,
        String role,
        String model,
        List<ContentBlock> content,
        String stopReason,
        String stopSequence,
        StopDetails stopDetails,
        Usage usage) {
}
