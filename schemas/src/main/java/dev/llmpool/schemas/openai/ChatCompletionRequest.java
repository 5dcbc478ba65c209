package dev.llmpool.schemas.openai;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The OpenAI Chat Completions request body. Fields the pool reads are named; every other field is kept
 * in {@code extra} and written back unchanged, so a provider sees what the client sent.
 */
@RecordBuilder
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChatCompletionRequest(
        String model,
        List<ChatMessage> messages,
        Double temperature,
        Double topP,
        Integer n,
        Boolean stream,
        StreamOptions streamOptions,
        JsonNode stop,
        Integer maxTokens,
        Integer maxCompletionTokens,
        Double presencePenalty,
        Double frequencyPenalty,
        Boolean logprobs,
        Integer topLogprobs,
        Long seed,
        String user,
        JsonNode tools,
        JsonNode toolChoice,
        JsonNode responseFormat,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) implements ChatCompletionRequestBuilder.With {

    /** {@code extra} is copied, so a request made from another ({@code withModel}, …) never shares its map. */
    public ChatCompletionRequest {
        extra = extra == null ? new LinkedHashMap<>() : new LinkedHashMap<>(extra);
    }

    /** A builder naming each field it sets; unset fields are absent (null) as in a client's JSON. */
    public static ChatCompletionRequestBuilder builder() {
        return ChatCompletionRequestBuilder.builder();
    }

    public boolean streaming() {
        return Boolean.TRUE.equals(stream);
    }

    public boolean includeUsage() {
        return streamOptions != null && Boolean.TRUE.equals(streamOptions.includeUsage());
    }

    /** The completion cap the client asked for: {@code max_completion_tokens}, else {@code max_tokens}. */
    public Integer completionCap() {
        return maxCompletionTokens != null ? maxCompletionTokens : maxTokens;
    }

    public ChatCompletionRequest withStream(Boolean newStream, StreamOptions newStreamOptions) {
        return with(request -> request.stream(newStream).streamOptions(newStreamOptions));
    }

    /**
     * The request with its completion cap set to {@code cap}, in the field the client used ({@code max_completion_tokens}
     * when it set that, else {@code max_tokens}); unchanged when {@code cap} is null or already the cap.
     */
    public ChatCompletionRequest withCompletionCap(Integer cap) {
        if (cap == null || cap.equals(completionCap())) {
            return this;
        }
        return maxCompletionTokens != null ? withMaxCompletionTokens(cap) : withMaxTokens(cap);
    }

    /** The request asking for token log probabilities. */
    public ChatCompletionRequest withLogprobs() {
        if (Boolean.TRUE.equals(logprobs)) {
            return this;
        }
        return withLogprobs(true);
    }
}
