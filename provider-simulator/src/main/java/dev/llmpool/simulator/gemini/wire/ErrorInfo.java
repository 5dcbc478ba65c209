package dev.llmpool.simulator.gemini.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** {@code google.rpc.ErrorInfo}: a machine-readable {@code reason} such as {@code API_KEY_INVALID}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ErrorInfo(@JsonProperty("@type") String type, String reason, String domain,
        Map<String, String> metadata) {

    public static final String TYPE = "type.googleapis.com/google.rpc.ErrorInfo";

    public ErrorInfo(String reason, String domain, Map<String, String> metadata) {
        this(TYPE, reason, domain, metadata);
    }
}
