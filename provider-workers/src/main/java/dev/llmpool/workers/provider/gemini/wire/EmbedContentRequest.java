package dev.llmpool.workers.provider.gemini.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One text to embed: the body of {@code :embedContent}, or one request of a {@code :batchEmbedContents} body, which
 * names its {@code model} as {@code models/<name>}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record EmbedContentRequest(String model, Content content, Integer outputDimensionality) {
}
