package dev.llmpool.simulator.openai.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** One entry of {@code tools}: {@code type} is {@code function}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ToolDefinition(String type, FunctionDefinition function) {
}
