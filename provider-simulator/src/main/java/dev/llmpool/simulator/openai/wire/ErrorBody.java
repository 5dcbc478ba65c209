package dev.llmpool.simulator.openai.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The error itself; {@code param} and {@code code} are always present, {@code param} often null. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ErrorBody(String message, String type, String param, String code) {
}
