package dev.llmpool.simulator.anthropic.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A block's delta: {@code {"type":"text_delta","text"}} or {@code {"type":"input_json_delta","partial_json"}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BlockDelta(String type, String text, @JsonProperty("partial_json") String partialJson) {

    public static BlockDelta text(String text) {
        return new BlockDelta("text_delta", text, null);
    }

    public static BlockDelta inputJson(String partialJson) {
        return new BlockDelta("input_json_delta", null, partialJson);
    }
}
