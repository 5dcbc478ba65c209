package dev.llmpool.simulator.openai.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** OpenAI's error envelope {@code {"error":{...}}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ErrorResponse(ErrorBody error) {
}
