package dev.llmpool.simulator.gemini.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code google.rpc.BadRequest}: the fields that are wrong. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BadRequest(@JsonProperty("@type") String type, List<FieldViolation> fieldViolations) {

    public static final String TYPE = "type.googleapis.com/google.rpc.BadRequest";

    public BadRequest(List<FieldViolation> fieldViolations) {
        this(TYPE, fieldViolations);
    }
}
