package dev.llmpool.schemas.envelope;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.soabase.recordbuilder.core.RecordBuilder;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The options of a {@link SummarizeRequest}, those of {@code llmpool summarize}; each absent one (null) takes the
 * command's default.
 *
 * @param style {@code abstract} or {@code bullets}
 */
@RecordBuilder
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SummarizeOptions(String mapModel, String reduceModel, Integer chunkTokens, Integer overlapTokens,
                               Integer chunkSummaryTokens, Integer targetTokens, Integer reduceInputTokens,
                               String style, String instructions) {

    /** Every option left to its default. */
    public static final SummarizeOptions DEFAULTS = new SummarizeOptions(null, null, null, null, null, null, null,
            null, null);
}
