package dev.llmpool.simulator.openai.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import tools.jackson.databind.JsonNode;

/** A function tool's declaration. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FunctionDefinition(String name, String description, JsonNode parameters) {
}
