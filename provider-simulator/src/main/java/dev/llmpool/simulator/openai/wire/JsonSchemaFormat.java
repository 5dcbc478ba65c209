package dev.llmpool.simulator.openai.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import tools.jackson.databind.JsonNode;

/** {@code response_format.json_schema}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JsonSchemaFormat(String name, JsonNode schema, Boolean strict) {
}
