package dev.llmpool.schemas.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The OpenAI Embeddings answer ({@code object: "list"}), vectors as floats: the shape the pool keeps in results and
 * in the cache, whatever the provider spoke.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record EmbeddingsResponse(String object, List<Embedding> data, String model, EmbeddingsUsage usage) {

    public static final String OBJECT = "list";

    public EmbeddingsResponse {
        data = data == null ? List.of() : List.copyOf(data);
    }

    public static EmbeddingsResponse of(List<Embedding> data, String model, EmbeddingsUsage usage) {
        return new EmbeddingsResponse(OBJECT, data, model, usage);
    }

    public EmbeddingsResponse withModel(String newModel) {
        return new EmbeddingsResponse(object, data, newModel, usage);
    }

    /** The usage in the pool's terms (no completion tokens), or null. */
    public Usage asUsage() {
        return usage == null ? null : Usage.of(usage.promptTokens(), 0);
    }

    /** One vector ({@code object: "embedding"}) for the input at {@code index}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Embedding(String object, int index, List<Float> embedding) {

        public static final String OBJECT = "embedding";

        public static Embedding of(int index, List<Float> vector) {
            return new Embedding(OBJECT, index, vector);
        }
    }

    /** Embeddings usage: input tokens only. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record EmbeddingsUsage(int promptTokens, int totalTokens) {

        public static EmbeddingsUsage of(int promptTokens) {
            return new EmbeddingsUsage(promptTokens, promptTokens);
        }
    }
}
