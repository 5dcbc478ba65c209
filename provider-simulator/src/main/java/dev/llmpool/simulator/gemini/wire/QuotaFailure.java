package dev.llmpool.simulator.gemini.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code google.rpc.QuotaFailure}: which quotas the request exceeded. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record QuotaFailure(@JsonProperty("@type") String type, List<QuotaViolation> violations) {

    public static final String TYPE = "type.googleapis.com/google.rpc.QuotaFailure";

    public QuotaFailure(List<QuotaViolation> violations) {
        this(TYPE, violations);
    }
}
