package dev.llmpool.workers.provider.gemini.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Per generated token: the chosen token and the top alternatives at that step. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record LogprobsResult(List<TopCandidates> topCandidates, List<LogprobCandidate> chosenCandidates) {
}
