package dev.llmpool.simulator.anthropic.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;

/**
 * An output block: {@code {"type":"text","text"}} or {@code {"type":"tool_use","id","name","input","caller"}}.
 * Only the fields of its type are present.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContentBlock(String type, String text, String id, String name, JsonNode input, Caller caller) {

    public static ContentBlock text(String text) {
        return new ContentBlock("text", text, null, null, null, null);
    }

    public static ContentBlock toolUse(String id, String name, JsonNode input) {
        return new ContentBlock("tool_use", null, id, name, input, Caller.DIRECT);
    }
}
