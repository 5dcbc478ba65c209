package dev.llmpool.simulator.gemini.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Tokens of one modality, e.g. {@code {"modality":"TEXT","tokenCount":8}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModalityTokenCount(String modality, int tokenCount) {
}
