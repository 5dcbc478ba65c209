package dev.llmpool.schemas.envelope;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import dev.llmpool.schemas.openai.EmbeddingsRequest;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.time.Instant;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One routed attempt on {@code llm.provider.<provider>}, schema {@code attempt-request.v1.json}.
 * {@code body.model} is already the provider's upstream model name.
 *
 * @param attemptId unique per attempt ({@code <correlation id>:<attempt>}); workers ignore a repeated one
 * @param model     the catalog model id this attempt runs
 * @param notBefore the worker calls the provider no earlier than this (the wait a rate-limited provider or an open
 *                  circuit asked for), or null for at once
 * @param batchId   the batch the job is a line of (its metadata {@code llmpool_batch_id}), or null: a worker skips the
 *                  attempt, as {@code cancelled}, once the batch's stop flag is set
 * @param embeddings an embeddings attempt's request ({@code model} already upstream), in place of {@code body}
 * @param finalizeOnSuccess the router's decision that a successful, non-refusal answer ends the job, with what the
 *                  worker needs to finalize it (see {@link FinalizeOnSuccess}), or null: every outcome goes back to the
 *                  router
 */
@RecordBuilder
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record AttemptRequest(
        int schemaVersion,
        String attemptId,
        String correlationId,
        int attempt,
        String provider,
        String model,
        String upstreamModel,
        String tenant,
        Priority priority,
        Instant createdAt,
        Instant deadline,
        boolean streamTokens,
        ChatCompletionRequest body,
        Instant notBefore,
        String batchId,
        EmbeddingsRequest embeddings,
        FinalizeOnSuccess finalizeOnSuccess) implements AttemptRequestBuilder.With {

    public static final int VERSION = 1;

    /** A builder of a version-{@value #VERSION} attempt; every other component is named where it is set. */
    public static AttemptRequestBuilder builder() {
        return AttemptRequestBuilder.builder().schemaVersion(VERSION);
    }

    public static String attemptId(String correlationId, int attempt) {
        return correlationId + ":" + attempt;
    }
}
