package dev.llmpool.simulator.openai.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** {@code GET /v1/models}: {@code object: "list"}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelList(String object, List<ModelEntry> data) {
}
