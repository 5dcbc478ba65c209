package dev.llmpool.simulator.openai.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** One entry of {@code top_logprobs}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LogprobAlternative(String token, double logprob, List<Integer> bytes) {
}
