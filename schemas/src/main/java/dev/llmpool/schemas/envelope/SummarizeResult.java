package dev.llmpool.schemas.envelope;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.llmpool.schemas.openai.Usage;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A document's result from the summarization service on {@code llm.summarize.results} (key = id) and in Redis
 * ({@code llmpool:summary:{id}} field {@code result}), schema {@code summarize-result.v1.json}: its summary and how it
 * was made (as a line of {@code llmpool summarize}'s output), or the error that left it without one.
 *
 * @param status          {@code completed} or {@code failed}
 * @param chunks          the chunks it was cut into
 * @param reduceLevels    the reduce levels above them (0: one call)
 * @param calls           the calls made for it (chunks and reduces; fallbacks included)
 * @param models          the models that answered
 * @param fallback        whether any part of it is an extractive summary
 * @param failures        the nodes summarized extractively, and why (absent when none)
 * @param error           why it has no summary (a failed result)
 * @param run             the pipeline run whose checkpoints made it
 */
@RecordBuilder
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SummarizeResult(int schemaVersion, String id, JobStatus status, String title, String summary,
                              Integer chunks, Integer reduceLevels, Integer calls, List<String> models, Usage usage,
                              Double costUsd, Boolean fallback, Integer fallbackChunks, Integer fallbackReduces,
                              @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Failure> failures, ResultError error,
                              String run, String tenant,
                              @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> metadata,
                              Instant completedAt) implements SummarizeResultBuilder.With {

    public static final int VERSION = 1;

    /** A node summarized extractively: {@code node} is {@code <level>.<index>} (level 0: chunk index). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Failure(String node, String error) {
    }

    public SummarizeResult {
        models = models == null ? null : List.copyOf(models);
        failures = failures == null ? List.of() : List.copyOf(failures);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** A builder of a version-{@value #VERSION} result. */
    public static SummarizeResultBuilder builder() {
        return SummarizeResultBuilder.builder().schemaVersion(VERSION);
    }
}
