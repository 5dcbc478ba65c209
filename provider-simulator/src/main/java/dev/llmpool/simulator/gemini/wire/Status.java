package dev.llmpool.simulator.gemini.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A {@code google.rpc.Status}: the HTTP {@code code}, a {@code message}, the canonical {@code status} name
 * ({@code RESOURCE_EXHAUSTED}, {@code UNAVAILABLE}, ...) and typed {@code details} ({@code @type} first), absent
 * when empty.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Status(
        int code,
        String message,
        String status,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Object> details) {
}
