package dev.llmpool.simulator.openai.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A tool call in a non-streamed message, {@code type: "function"}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MessageToolCall(String id, String type, FunctionCall function) {
}
