package dev.llmpool.router.policy.escalation;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.llmpool.router.policy.scoring.Score;
import dev.llmpool.schemas.openai.Usage;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One tier's attempt in a decision trace.
 *
 * @param tier the tier's position in its route (0-based)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record AttemptTrace(int tier, String model, double threshold, double score, boolean hardFailed,
                           boolean accepted, List<Score> scores, Usage usage, boolean usageEstimated, double costUsd) {

    public AttemptTrace {
        scores = scores == null ? List.of() : List.copyOf(scores);
    }
}
