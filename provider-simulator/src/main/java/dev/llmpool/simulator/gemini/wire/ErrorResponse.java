package dev.llmpool.simulator.gemini.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** {@code {"error": {code, message, status, details}}}: a {@code google.rpc.Status}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ErrorResponse(Status error) {
}
