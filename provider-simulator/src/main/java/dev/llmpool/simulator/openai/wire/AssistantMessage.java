package dev.llmpool.simulator.openai.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The assistant's message: {@code content} and {@code refusal} always present (possibly null). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AssistantMessage(
        String role,
        String content,
        String refusal,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("tool_calls") List<MessageToolCall> toolCalls,
        List<Object> annotations) {
}
