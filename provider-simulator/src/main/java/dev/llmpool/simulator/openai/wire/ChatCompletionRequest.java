package dev.llmpool.simulator.openai.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The body of {@code POST /v1/chat/completions}: the fields the simulator reads; the rest is ignored. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChatCompletionRequest(
        String model,
        List<RequestMessage> messages,
        Boolean stream,
        @JsonProperty("stream_options") StreamOptions streamOptions,
        Integer n,
        @JsonProperty("max_tokens") Integer maxTokens,
        @JsonProperty("max_completion_tokens") Integer maxCompletionTokens,
        Boolean logprobs,
        @JsonProperty("top_logprobs") Integer topLogprobs,
        List<ToolDefinition> tools,
        @JsonProperty("tool_choice") JsonNode toolChoice,
        @JsonProperty("response_format") ResponseFormat responseFormat,
        JsonNode stop) {
}
