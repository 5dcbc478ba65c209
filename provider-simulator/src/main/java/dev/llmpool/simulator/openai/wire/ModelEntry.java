package dev.llmpool.simulator.openai.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One model of the list, {@code object: "model"}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelEntry(String id, String object, long created, @JsonProperty("owned_by") String ownedBy) {
}
