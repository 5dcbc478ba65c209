package dev.llmpool.simulator.anthropic.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Who invoked a tool: {@code {"type":"direct"}} for the model itself. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Caller(String type) {

    public static final Caller DIRECT = new Caller("direct");
}
