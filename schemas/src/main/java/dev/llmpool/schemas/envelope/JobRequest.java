package dev.llmpool.schemas.envelope;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.soabase.recordbuilder.core.RecordBuilder;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import dev.llmpool.schemas.openai.EmbeddingsRequest;
import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A job on {@code llm.requests}, schema {@code job-request.v1.json}. Any producer may publish one.
 *
 * @param model        the requested catalog model or alias; when null, {@code body.model} is used
 * @param streamTokens whether workers write token deltas to the job's Redis stream as they arrive
 * @param api          the client API the job came through, which its answer is shaped for (default
 *                     {@code chat.completions}; {@code embeddings} when the job carries {@code embeddings})
 * @param embeddings   an embeddings job's request, in place of {@code body}
 */
@RecordBuilder
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobRequest(
        int schemaVersion,
        String correlationId,
        String tenant,
        Instant createdAt,
        Instant deadline,
        Priority priority,
        String model,
        ChatCompletionRequest body,
        CacheControl cache,
        Boolean streamTokens,
        Map<String, String> metadata,
        Api api,
        EmbeddingsRequest embeddings) implements JobRequestBuilder.With {

    public static final int VERSION = 1;

    public JobRequest {
        priority = priority == null ? Priority.INTERACTIVE : priority;
        cache = cache == null ? CacheControl.AUTO : cache;
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        api = api != null ? api : embeddings != null ? Api.EMBEDDINGS : Api.CHAT_COMPLETIONS;
    }

    /** A builder of a version-{@value #VERSION} job; every other component is named where it is set. */
    public static JobRequestBuilder builder() {
        return JobRequestBuilder.builder().schemaVersion(VERSION);
    }

    /** The model the caller asked for: the envelope's, else the body's. */
    public String requestedModel() {
        if (model != null) {
            return model;
        }
        if (body != null) {
            return body.model();
        }
        return embeddings == null ? null : embeddings.model();
    }

    /** True for an embeddings job (it carries {@code embeddings}, not a chat body). */
    public boolean embeds() {
        return embeddings != null;
    }

    public boolean streamsTokens() {
        if (embeds()) {
            return false;
        }
        return streamTokens != null ? streamTokens : body != null && body.streaming();
    }
}
