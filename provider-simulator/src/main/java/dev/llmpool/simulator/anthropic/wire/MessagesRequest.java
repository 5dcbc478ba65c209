package dev.llmpool.simulator.anthropic.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /v1/messages}: the fields the simulator reads; the rest is ignored. {@code system} is a
 * string or an array of text blocks.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MessagesRequest(
        String model,
        List<InputMessage> messages,
        JsonNode system,
        @JsonProperty("max_tokens") Integer maxTokens,
        Double temperature,
        @JsonProperty("top_p") Double topP,
        @JsonProperty("top_k") Integer topK,
        @JsonProperty("stop_sequences") List<String> stopSequences,
        Boolean stream,
        List<ToolDefinition> tools,
        @JsonProperty("tool_choice") ToolChoice toolChoice,
        @JsonProperty("output_config") OutputConfig outputConfig) {
}
