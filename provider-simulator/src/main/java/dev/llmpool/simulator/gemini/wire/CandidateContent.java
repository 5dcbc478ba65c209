package dev.llmpool.simulator.gemini.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** The model's content: its parts and {@code role: "model"}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CandidateContent(List<Part> parts, String role) {
}
