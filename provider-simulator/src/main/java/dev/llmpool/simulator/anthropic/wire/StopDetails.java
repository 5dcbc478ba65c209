package dev.llmpool.simulator.anthropic.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Why a refusal stopped: {@code type: "refusal"}, a policy {@code category}, an {@code explanation}; both nullable. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StopDetails(String type, String category, String explanation) {
}
