package dev.llmpool.simulator.gemini.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A token and its natural-log probability. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LogprobCandidate(String token, double logProbability) {
}
