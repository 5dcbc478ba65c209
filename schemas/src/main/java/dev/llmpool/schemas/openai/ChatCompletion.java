package dev.llmpool.schemas.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** A non-streamed chat completion ({@code object: "chat.completion"}). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChatCompletion(
        String id,
        String object,
        long created,
        String model,
        List<Choice> choices,
        Usage usage,
        String systemFingerprint) {

    public static final String OBJECT = "chat.completion";

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Choice(int index, ChatMessage message, JsonNode logprobs, String finishReason) {
    }

    /** The first choice's message, or null when there are no choices. */
    public ChatMessage firstMessage() {
        return choices == null || choices.isEmpty() ? null : choices.getFirst().message();
    }

    public String firstFinishReason() {
        return choices == null || choices.isEmpty() ? null : choices.getFirst().finishReason();
    }
}
