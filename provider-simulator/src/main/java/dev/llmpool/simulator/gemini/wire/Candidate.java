package dev.llmpool.simulator.gemini.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One candidate. As in proto3 JSON, fields without a value are absent: no {@code content} when blocked for
 * safety, no {@code finishReason} before a stream's last chunk, log probabilities only when asked for.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Candidate(
        CandidateContent content,
        String finishReason,
        List<SafetyRating> safetyRatings,
        Double avgLogprobs,
        LogprobsResult logprobsResult,
        int index) {
}
