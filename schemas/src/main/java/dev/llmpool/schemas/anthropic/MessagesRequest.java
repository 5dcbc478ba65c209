package dev.llmpool.schemas.anthropic;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** The body of {@code POST /v1/messages}. {@code max_tokens} is required; the system prompt is a top-level field. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record MessagesRequest(
        String model,
        List<InputMessage> messages,
        String system,
        Integer maxTokens,
        Double temperature,
        Double topP,
        Integer topK,
        List<String> stopSequences,
        Boolean stream,
        List<ToolDefinition> tools,
        ToolChoice toolChoice,
        OutputConfig outputConfig,
        Metadata metadata) {
}
