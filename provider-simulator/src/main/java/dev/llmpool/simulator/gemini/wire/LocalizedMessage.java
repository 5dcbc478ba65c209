package dev.llmpool.simulator.gemini.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code google.rpc.LocalizedMessage}: the message again, for a locale. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LocalizedMessage(@JsonProperty("@type") String type, String locale, String message) {

    public static final String TYPE = "type.googleapis.com/google.rpc.LocalizedMessage";

    public LocalizedMessage(String message) {
        this(TYPE, "en-US", message);
    }
}
