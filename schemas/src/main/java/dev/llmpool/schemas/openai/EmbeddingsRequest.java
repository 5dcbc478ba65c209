package dev.llmpool.schemas.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The OpenAI Embeddings request body ({@code POST /v1/embeddings}).
 *
 * @param input          a string, an array of strings, or token arrays (an array of integers, or of integer arrays)
 * @param dimensions     the length of each vector, for models that can shorten theirs
 * @param encodingFormat {@code float} (the default) or {@code base64}: how the gateway writes the vectors; inside the
 *                       pool they are always floats
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record EmbeddingsRequest(String model, JsonNode input, Integer dimensions, String encodingFormat, String user) {

    public EmbeddingsRequest withModel(String newModel) {
        return new EmbeddingsRequest(newModel, input, dimensions, encodingFormat, user);
    }

    /** The request as the pool sends it to a provider: floats always (the gateway encodes base64 itself). */
    public EmbeddingsRequest asFloats() {
        return encodingFormat == null || "float".equals(encodingFormat) ? this
                : new EmbeddingsRequest(model, input, dimensions, null, user);
    }

    /**
     * The texts to embed, in order: the string, or the strings of the array. Token arrays have no text and are
     * returned as their numbers joined by spaces (only OpenAI-compatible endpoints take them as tokens).
     */
    public List<String> texts() {
        List<String> texts = new ArrayList<>();
        if (input == null || input.isNull()) {
            return texts;
        }
        if (input.isString()) {
            texts.add(input.asString());
            return texts;
        }
        if (input.isArray() && !input.isEmpty() && input.get(0).isNumber()) {
            texts.add(joined(input));
            return texts;
        }
        for (JsonNode item : input) {
            texts.add(item.isString() ? item.asString() : joined(item));
        }
        return texts;
    }

    /** True when the input is token arrays rather than text. */
    public boolean tokenInput() {
        return input != null && input.isArray() && !input.isEmpty()
                && (input.get(0).isNumber() || input.get(0).isArray());
    }

    private static String joined(JsonNode numbers) {
        StringBuilder text = new StringBuilder();
        for (JsonNode number : numbers) {
            if (!text.isEmpty()) {
                text.append(' ');
            }
            text.append(number.asString());
        }
        return text.toString();
    }
}
