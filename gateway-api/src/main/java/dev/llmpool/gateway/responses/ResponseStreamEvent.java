package dev.llmpool.gateway.responses;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One event of a streamed response, {@code type} naming it ({@code response.created}, {@code response.in_progress},
 * {@code response.output_item.added}, {@code response.content_part.added}, {@code response.output_text.delta},
 * {@code response.output_text.done}, {@code response.content_part.done}, {@code response.function_call_arguments.delta}
 * and {@code .done}, {@code response.output_item.done}, {@code response.completed}, {@code response.failed},
 * {@code error}); {@code sequence_number} counts the stream's events from 0.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResponseStreamEvent(
        String type,
        int sequenceNumber,
        ResponseObject response,
        Integer outputIndex,
        Integer contentIndex,
        String itemId,
        OutputItem item,
        OutputContent part,
        String delta,
        String text,
        String arguments,
        String name,
        List<JsonNode> logprobs,
        String code,
        String message,
        String param) {
}
