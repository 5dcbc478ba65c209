package dev.llmpool.simulator.anthropic.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One event of a message stream; {@code type} names it (and the SSE {@code event:} line) and only its fields are
 * present: {@code message} for {@code message_start}; {@code index} and {@code content_block} for
 * {@code content_block_start}; {@code index} and {@code delta} for {@code content_block_delta}; {@code index} for
 * {@code content_block_stop}; {@code delta} and {@code usage} for {@code message_delta}; nothing for
 * {@code message_stop} and {@code ping}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessageStreamEvent(
        String type,
        Message message,
        Integer index,
        @JsonProperty("content_block") ContentBlock contentBlock,
        Object delta,
        DeltaUsage usage) {
}
