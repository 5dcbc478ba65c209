package dev.llmpool.schemas.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One streamed chunk ({@code object: "chat.completion.chunk"}). {@code usage} is written as null on every chunk
 * but the usage chunk, as OpenAI does when {@code stream_options.include_usage} is set.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChatCompletionChunk(
        String id,
        String object,
        long created,
        String model,
        String systemFingerprint,
        List<ChunkChoice> choices,
        @JsonInclude(JsonInclude.Include.ALWAYS) Usage usage) {

    public static final String OBJECT = "chat.completion.chunk";

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ChunkChoice(int index, Delta delta, JsonNode logprobs, String finishReason) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Delta(String role, String content, List<ToolCall> toolCalls, String refusal) {
    }
}
