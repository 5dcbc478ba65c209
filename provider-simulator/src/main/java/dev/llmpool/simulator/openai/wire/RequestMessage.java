package dev.llmpool.simulator.openai.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import tools.jackson.databind.JsonNode;

/** One message of the request: {@code content} is a string, an array of parts, or null. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RequestMessage(String role, JsonNode content, String name) {
}
