package dev.llmpool.schemas.anthropic;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One server-sent event's data: {@code message_start} ({@code message}), {@code content_block_start}
 * ({@code index}, {@code content_block}), {@code content_block_delta} ({@code index}, {@code delta}),
 * {@code content_block_stop}, {@code message_delta} ({@code delta}, {@code usage}), {@code message_stop}, {@code ping}
 * and {@code error}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record MessageStreamEvent(
        String type,
        MessageResponse message,
        Integer index,
        ContentBlock contentBlock,
        StreamDelta delta,
        Usage usage) {
}
