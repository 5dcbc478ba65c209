package dev.llmpool.simulator.gemini.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** The alternatives at one position, most likely first. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TopCandidates(List<LogprobCandidate> candidates) {
}
