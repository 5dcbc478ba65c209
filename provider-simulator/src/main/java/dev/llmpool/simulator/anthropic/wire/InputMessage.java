package dev.llmpool.simulator.anthropic.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import tools.jackson.databind.JsonNode;

/** One input message: {@code role} user or assistant, {@code content} a string or an array of content blocks. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InputMessage(String role, JsonNode content) {
}
