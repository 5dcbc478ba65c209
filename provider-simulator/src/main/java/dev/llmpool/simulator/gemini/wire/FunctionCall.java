package dev.llmpool.simulator.gemini.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import tools.jackson.databind.JsonNode;

/** A call the model makes: the function's name and its arguments as a JSON object (not a string). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FunctionCall(String name, JsonNode args) {
}
