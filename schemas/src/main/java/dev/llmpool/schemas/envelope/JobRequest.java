package dev.llmpool.schemas.envelope;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.soabase.recordbuilder.core.RecordBuilder;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A job on {@code llm.requests}, schema {@code job-request.v1.json}. Any producer may publish one.
 *
 * @param model        the requested catalog model or alias; when null, {@code body.model} is used
 * @param streamTokens whether workers write token deltas to the job's Redis stream as they arrive
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
        Map<String, String> metadata) implements JobRequestBuilder.With {

    public static final int VERSION = 1;

    public JobRequest {
        priority = priority == null ? Priority.INTERACTIVE : priority;
        cache = cache == null ? CacheControl.AUTO : cache;
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** A builder of a version-{@value #VERSION} job; every other component is named where it is set. */
    public static JobRequestBuilder builder() {
        return JobRequestBuilder.builder().schemaVersion(VERSION);
    }

    /** The model the caller asked for: the envelope's, else the body's. */
    public String requestedModel() {
        return model != null ? model : body == null ? null : body.model();
    }

    public boolean streamsTokens() {
        return streamTokens != null ? streamTokens : body != null && body.streaming();
    }
}
