package dev.llmpool.simulator.gemini.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import tools.jackson.databind.JsonNode;

/** A function the model may call. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FunctionDeclaration(String name, String description, JsonNode parameters) {
}
