package dev.llmpool.simulator.gemini;

import com.sun.net.httpserver.HttpExchange;
import dev.llmpool.simulator.generation.EmbeddingGenerator;
import dev.llmpool.simulator.runtime.SimulatorRuntime;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code models/{model}:embedContent} ({@code {"content":{"parts":[{"text"}]}, "outputDimensionality"}} →
 * {@code {"embedding":{"values":[...]}}}) and {@code :batchEmbedContents} ({@code {"requests":[...]}} →
 * {@code {"embeddings":[{"values":[...]}]}}), each text embedded by {@link EmbeddingGenerator}; Google's 400 for a
 * request without content. Gemini reports no token counts for embeddings, and neither does this.
 */
final class GeminiEmbeddings {

    static final String EMBED = "embedContent";
    static final String BATCH = "batchEmbedContents";

    private final SimulatorRuntime runtime;
    private final GeminiResponder responder;

    GeminiEmbeddings(SimulatorRuntime runtime, GeminiResponder responder) {
        this.runtime = runtime;
        this.responder = responder;
    }

    /** Answers an embed call for {@code model}; the caller admitted it and checked the key. */
    void answer(HttpExchange exchange, byte[] body, String model, boolean batch, long started) throws IOException {
        JsonNode request = read(body);
        ObjectNode answer = runtime.json().createObjectNode();
        int tokens = 0;
        if (batch) {
            JsonNode requests = request.get("requests");
            if (requests == null || !requests.isArray() || requests.isEmpty()) {
                throw GeminiErrors.invalidArgument("* BatchEmbedContentsRequest.requests: contents is not specified");
            }
            ArrayNode embeddings = answer.putArray("embeddings");
            for (JsonNode one : requests) {
                embeddings.add(embedding(one, model));
                tokens += EmbeddingGenerator.tokens(text(one));
            }
        } else {
            answer.set("embedding", embedding(request, model));
            tokens += EmbeddingGenerator.tokens(text(request));
        }
        runtime.stats().completed(tokens, 0);
        responder.json(exchange, 200, answer, started);
    }

    private ObjectNode embedding(JsonNode request, String model) {
        int dimensions = EmbeddingGenerator.defaultDimensions(model);
        JsonNode asked = request.get("outputDimensionality");
        if (asked != null && !asked.isNull()) {
            if (!asked.isIntegralNumber() || asked.asInt() < 1 || asked.asInt() > dimensions) {
                throw GeminiErrors.invalidArgument("* EmbedContentRequest.output_dimensionality: must be from 1 to "
                        + dimensions);
            }
            dimensions = asked.asInt();
        }
        ObjectNode embedding = runtime.json().createObjectNode();
        ArrayNode values = embedding.putArray("values");
        for (float value : EmbeddingGenerator.embed(text(request), dimensions)) {
            values.add(value);
        }
        return embedding;
    }

    private static String text(JsonNode request) {
        JsonNode parts = request.path("content").path("parts");
        if (!parts.isArray() || parts.isEmpty()) {
            throw GeminiErrors.invalidArgument("* EmbedContentRequest.content: contents is not specified");
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode part : parts) {
            texts.add(part.path("text").asString(""));
        }
        return String.join(" ", texts);
    }

    private JsonNode read(byte[] body) {
        try {
            JsonNode tree = runtime.json().readTree(body);
            if (tree == null || !tree.isObject()) {
                throw GeminiErrors.invalidArgument("Invalid JSON payload received. Expected an object.");
            }
            return tree;
        } catch (JacksonException e) {
            throw GeminiErrors.invalidArgument("Invalid JSON payload received. " + e.getOriginalMessage());
        }
    }
}
