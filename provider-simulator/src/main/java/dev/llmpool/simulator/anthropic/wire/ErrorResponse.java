package dev.llmpool.simulator.anthropic.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code {"type":"error","error":{"type","message"},"request_id"}}; the {@code event: error} of a stream has no
 * {@code request_id}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ErrorResponse(
        String type,
        ErrorBody error,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("request_id") String requestId) {

    public ErrorResponse(ErrorBody error, String requestId) {
        this("error", error, requestId);
    }
}
