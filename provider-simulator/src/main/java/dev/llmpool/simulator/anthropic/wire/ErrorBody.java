package dev.llmpool.simulator.anthropic.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The error: {@code type} such as {@code rate_limit_error} or {@code overloaded_error}, and a message. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ErrorBody(String type, String message) {
}
