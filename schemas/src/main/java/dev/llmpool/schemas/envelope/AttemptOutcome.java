package dev.llmpool.schemas.envelope;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.llmpool.schemas.openai.ChatCompletion;
import java.time.Instant;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The outcome of one attempt on {@code llm.attempts}, schema {@code attempt-outcome.v1.json}.
 *
 * @param completion     the provider's answer in OpenAI shape when the attempt succeeded
 * @param streamedChunks how many delta events this attempt wrote to the job's stream (0 = nothing reached a client)
 */
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
        Instant finishedAt) {

    public static final int VERSION = 1;

    /** A failed outcome of {@code request}. */
    public static AttemptOutcome failed(AttemptRequest request, AttemptError error, int streamedChunks, long latencyMs,
                                        Long timeToFirstTokenMs, String workerId, Instant finishedAt) {
        return new AttemptOutcome(VERSION, request.attemptId(), request.correlationId(), request.attempt(),
                request.provider(), request.model(), false, null, error, streamedChunks, latencyMs,
                timeToFirstTokenMs, workerId, finishedAt);
    }
}
