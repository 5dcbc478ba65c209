package dev.llmpool.simulator.openai.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The function a tool call calls, with its arguments as a JSON string. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FunctionCall(String name, String arguments) {
}
