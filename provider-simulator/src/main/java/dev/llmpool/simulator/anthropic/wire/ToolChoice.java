package dev.llmpool.simulator.anthropic.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** {@code {"type": "auto" | "any" | "none"}} or {@code {"type": "tool", "name": ...}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ToolChoice(String type, String name) {
}
