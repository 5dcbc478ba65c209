package dev.llmpool.simulator.openai.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** One token's log probability, its UTF-8 bytes and its most likely alternatives. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LogprobToken(
        String token,
        double logprob,
        List<Integer> bytes,
        @JsonProperty("top_logprobs") List<LogprobAlternative> topLogprobs) {
}
