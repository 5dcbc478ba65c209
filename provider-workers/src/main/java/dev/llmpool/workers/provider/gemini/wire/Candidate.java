package dev.llmpool.workers.provider.gemini.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One candidate answer: its content, the finish reason on its last chunk, safety ratings, and log
 * probabilities when asked for ({@code avgLogprobs} may come without).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Candidate(
        Content content,
        String finishReason,
        String finishMessage,
        List<SafetyRating> safetyRatings,
        Double avgLogprobs,
        LogprobsResult logprobsResult,
        Integer index) {
}
