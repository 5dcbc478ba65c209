package dev.llmpool.simulator.anthropic.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Structured output: {@code {"format": {"type": "json_schema", "schema": {...}}}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OutputConfig(OutputFormatSpec format) {
}
