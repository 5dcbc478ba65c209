package dev.llmpool.simulator.gemini.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Input content: {@code role} user or model (absent = user); {@code parts} text, functionCall, functionResponse. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Content(String role, List<JsonNode> parts) {
}
