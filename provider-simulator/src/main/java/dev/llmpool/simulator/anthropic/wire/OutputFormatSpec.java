package dev.llmpool.simulator.anthropic.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import tools.jackson.databind.JsonNode;

/** The output format: {@code type} {@code json_schema} and the schema the answer must follow. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OutputFormatSpec(String type, JsonNode schema) {
}
