package dev.llmpool.simulator.anthropic.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/** A tool the model may call; {@code type} is absent for custom tools. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ToolDefinition(
        String type,
        String name,
        String description,
        @JsonProperty("input_schema") JsonNode inputSchema) {
}
