package dev.llmpool.simulator.openai.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** {@code choices[].logprobs}: per-token log probabilities of the content; {@code refusal} stays null. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChoiceLogprobs(List<LogprobToken> content, List<LogprobToken> refusal) {
}
