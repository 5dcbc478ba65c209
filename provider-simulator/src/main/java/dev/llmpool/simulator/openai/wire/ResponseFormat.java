package dev.llmpool.simulator.openai.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code response_format}: {@code text}, {@code json_object} or {@code json_schema}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResponseFormat(String type, @JsonProperty("json_schema") JsonSchemaFormat jsonSchema) {
}
