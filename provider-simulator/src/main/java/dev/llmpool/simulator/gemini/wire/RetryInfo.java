package dev.llmpool.simulator.gemini.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code google.rpc.RetryInfo}: how long to wait, as a protobuf duration ({@code "36s"}, {@code "1.500s"}). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RetryInfo(@JsonProperty("@type") String type, String retryDelay) {

    public static final String TYPE = "type.googleapis.com/google.rpc.RetryInfo";

    public RetryInfo(String retryDelay) {
        this(TYPE, retryDelay);
    }
}
