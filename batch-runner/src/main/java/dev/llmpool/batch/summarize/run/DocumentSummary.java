package dev.llmpool.batch.summarize.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.llmpool.schemas.openai.Usage;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One document's line in the output: its final summary and how it was made.
 *
 * @param chunks          the chunks it was cut into
 * @param reduceLevels    the reduce levels above them (0: one call)
 * @param calls           the calls made for it (chunks and reduces; fallbacks included)
 * @param models          the models that answered, by name
 * @param usage           the tokens of every call
 * @param costUsd         their cost at the catalog's prices
 * @param fallback        whether any part of it is an extractive summary (a job that failed for good)
 * @param fallbackChunks  chunks summarized extractively
 * @param fallbackReduces reduces done extractively
 * @param failures        the nodes whose job failed for good, and why (absent when none did)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"id", "title", "summary", "chunks", "reduce_levels", "calls", "models", "usage", "cost_usd",
        "fallback", "fallback_chunks", "fallback_reduces", "failures"})
public record DocumentSummary(String id, String title, String summary, int chunks, int reduceLevels, int calls,
                              List<String> models, Usage usage, double costUsd, boolean fallback,
                              int fallbackChunks, int fallbackReduces,
                              @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Failure> failures) {

    /** A node whose job failed for good: {@code node} is {@code <level>.<index>} (level 0: chunk index). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Failure(String node, String error) {
    }

    public DocumentSummary {
        models = models == null ? List.of() : List.copyOf(models);
        failures = failures == null ? List.of() : List.copyOf(failures);
    }
}
