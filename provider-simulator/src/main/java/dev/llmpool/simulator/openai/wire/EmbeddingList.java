package dev.llmpool.simulator.openai.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The answer of {@code POST /v1/embeddings}: {@code object: "list"}, one item per input, usage. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EmbeddingList(String object, List<EmbeddingItem> data, String model, EmbeddingUsage usage) {
}
