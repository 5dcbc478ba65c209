package dev.llmpool.workers.provider.gemini.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** One turn: role {@code user} or {@code model} (absent in {@code systemInstruction}) and its parts. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Content(String role, List<Part> parts) {
}
