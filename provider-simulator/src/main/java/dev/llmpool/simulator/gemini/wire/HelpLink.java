package dev.llmpool.simulator.gemini.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A documentation link. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HelpLink(String description, String url) {
}
