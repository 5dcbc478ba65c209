package dev.llmpool.router.machine;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.llmpool.schemas.envelope.AttemptOutcome;
import dev.llmpool.schemas.envelope.AttemptSummary;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.openai.Usage;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One attempt as the router remembers it.
 *
 * @param model          the catalog model id the attempt ran
 * @param streamedChunks deltas the attempt wrote to the job's stream before it ended
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record AttemptRecord(int attempt, String attemptId, String provider, String model, Status status,
                            ErrorClass errorClass, String errorMessage, Long latencyMs, Usage usage, Double costUsd,
                            int streamedChunks) {

    /** An attempt's state. */
    public enum Status {
        PENDING, SUCCEEDED, FAILED
    }

    public static AttemptRecord pending(int attempt, String attemptId, String provider, String model) {
        return new AttemptRecord(attempt, attemptId, provider, model, Status.PENDING, null, null, null, null, null, 0);
    }

    public AttemptRecord succeeded(long latency, Usage tokens, Double cost, int chunks) {
        return new AttemptRecord(attempt, attemptId, provider, model, Status.SUCCEEDED, null, null, latency, tokens,
                cost, chunks);
    }

    public AttemptRecord failed(ErrorClass error, String message, long latency, int chunks) {
        return new AttemptRecord(attempt, attemptId, provider, model, Status.FAILED, error, message, latency, null,
                null, chunks);
    }

    /** Whether {@code outcome} is of this attempt as the router published it: its id, provider and catalog model. */
    public boolean publishedAs(AttemptOutcome outcome) {
        return attemptId.equals(outcome.attemptId()) && provider.equals(outcome.provider())
                && model.equals(outcome.model());
    }

    public boolean pending() {
        return status == Status.PENDING;
    }

    public AttemptSummary summary() {
        return new AttemptSummary(attemptId, attempt, provider, model, status == Status.SUCCEEDED, errorClass,
                errorMessage, latencyMs == null ? 0 : latencyMs, usage, costUsd);
    }
}
