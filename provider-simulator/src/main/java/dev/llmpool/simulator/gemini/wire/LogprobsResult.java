package dev.llmpool.simulator.gemini.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** Per output token: its most likely alternatives ({@code topCandidates}) and the token chosen. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LogprobsResult(List<TopCandidates> topCandidates, List<LogprobCandidate> chosenCandidates) {
}
