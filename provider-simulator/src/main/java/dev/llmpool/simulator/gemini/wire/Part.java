package dev.llmpool.simulator.gemini.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** An output part: {@code {"text"}} or {@code {"functionCall": {name, args}}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Part(String text, FunctionCall functionCall) {

    public static Part text(String text) {
        return new Part(text, null);
    }

    public static Part call(FunctionCall call) {
        return new Part(null, call);
    }
}
