package dev.llmpool.schemas.envelope;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.Usage;
import dev.llmpool.schemas.openai.EmbeddingsResponse;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.time.Instant;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The outcome of one attempt on {@code llm.attempts}, schema {@code attempt-outcome.v1.json}.
 *
 * @param completion     the provider's answer in OpenAI shape when the attempt succeeded
 * @param streamedChunks how many delta events this attempt wrote to the job's stream (0 = nothing reached a client)
 * @param embeddings an embeddings attempt's answer, in place of {@code completion}
 * @param finalized  the worker finalized the job with this answer (the attempt carried
 *                   {@link AttemptRequest#finalizeOnSuccess()}, and its result is stored): the router only records it
 */
@RecordBuilder
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record AttemptOutcome(
        int schemaVersion,
        String attemptId,
        String correlationId,
        int attempt,
        String provider,
        String model,
        boolean succeeded,
        ChatCompletion completion,
        AttemptError error,
        int streamedChunks,
        long latencyMs,
        Long timeToFirstTokenMs,
        String workerId,
        Instant finishedAt,
        EmbeddingsResponse embeddings,
        boolean finalized) implements AttemptOutcomeBuilder.With {

    public static final int VERSION = 1;

    /** A builder of a version-{@value #VERSION} outcome; every other component is named where it is set. */
    public static AttemptOutcomeBuilder builder() {
        return AttemptOutcomeBuilder.builder().schemaVersion(VERSION);
    }

    /** True when the attempt succeeded with an answer: a completion, or an embeddings attempt's embeddings. */
    public boolean answered() {
        return succeeded && (completion != null || embeddings != null);
    }

    /** The answer's token usage: the completion's, else the embeddings' (input only), else null. */
    public Usage answerUsage() {
        if (completion != null) {
            return completion.usage();
        }
        return embeddings == null ? null : embeddings.asUsage();
    }

    /** A builder of an outcome of {@code request}: its attempt, job, provider and model already set. */
    public static AttemptOutcomeBuilder of(AttemptRequest request) {
        return builder().attemptId(request.attemptId()).correlationId(request.correlationId())
                .attempt(request.attempt()).provider(request.provider()).model(request.model());
    }

    /** A failed outcome of {@code request}. */
    public static AttemptOutcome failed(AttemptRequest request, AttemptError error, int streamedChunks, long latencyMs,
                                        Long timeToFirstTokenMs, String workerId, Instant finishedAt) {
        return of(request).succeeded(false).error(error).streamedChunks(streamedChunks).latencyMs(latencyMs)
                .timeToFirstTokenMs(timeToFirstTokenMs).workerId(workerId).finishedAt(finishedAt).build();
    }
}
