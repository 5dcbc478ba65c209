package dev.llmpool.simulator.openai;

import com.sun.net.httpserver.HttpExchange;
import dev.llmpool.simulator.SimulatorSettings;
import dev.llmpool.simulator.generation.EmbeddingGenerator;
import dev.llmpool.simulator.openai.wire.EmbeddingItem;
import dev.llmpool.simulator.openai.wire.EmbeddingList;
import dev.llmpool.simulator.openai.wire.EmbeddingUsage;
import dev.llmpool.simulator.ratelimit.RateLimitDecision;
import dev.llmpool.simulator.runtime.SimulatorRuntime;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/embeddings}: the rate limiter admits, the key is checked ({@code sk-invalid} is rejected), the body
 * is checked as OpenAI does ({@code model} and {@code input} required; a string, an array of strings, or token
 * arrays; {@code dimensions} positive; {@code encoding_format} float or base64), and each input is embedded by
 * {@link EmbeddingGenerator} (same text, same vector). {@code dimensions} shortens the vector (then scaled to length
 * 1 again, as OpenAI's text-embedding-3 models do); token arrays are embedded as their numbers' text.
 */
final class OpenAiEmbeddingsHandler extends OpenAiEndpoint {

    static final String PATH = "/v1/embeddings";
    private static final int MAX_INPUTS = 2048;

    OpenAiEmbeddingsHandler(SimulatorRuntime runtime, OpenAiResponder responder) {
        super(PATH, runtime, responder);
    }

    @Override
    protected void answer(HttpExchange exchange, byte[] body, SimulatorSettings settings, RateLimitDecision limit,
                          long started) throws IOException, InterruptedException {
        JsonNode request = parse(body);
        String model = request.path("model").asString("");
        if (model.isEmpty()) {
            throw OpenAiErrors.missingParameter("model");
        }
        if ("does-not-exist".equals(model)) {
            throw OpenAiErrors.modelNotFound(model);
        }
        List<String> texts = texts(request.get("input"));
        int dimensions = dimensions(request.get("dimensions"), model);
        boolean base64 = encoding(request.get("encoding_format"));
        runtime.pacer().pause(settings.latency());
        List<EmbeddingItem> items = new ArrayList<>();
        int tokens = 0;
        for (int i = 0; i < texts.size(); i++) {
            float[] vector = EmbeddingGenerator.embed(texts.get(i), dimensions);
            items.add(new EmbeddingItem("embedding", i, base64 ? base64(vector) : floats(vector)));
            tokens += EmbeddingGenerator.tokens(texts.get(i));
        }
        runtime.stats().completed(tokens, 0);
        responder.json(exchange, 200, new EmbeddingList("list", items, model, new EmbeddingUsage(tokens, tokens)),
                limit, started);
    }

    private JsonNode parse(byte[] body) {
        try {
            JsonNode tree = runtime.json().readTree(body);
            if (tree == null || !tree.isObject()) {
                throw OpenAiErrors.invalidJson("the body must be a JSON object");
            }
            return tree;
        } catch (JacksonException e) {
            throw OpenAiErrors.invalidJson(e.getOriginalMessage());
        }
    }

    private static List<String> texts(JsonNode input) {
        if (input == null || input.isNull()) {
            throw OpenAiErrors.missingParameter("input");
        }
        List<String> texts = new ArrayList<>();
        if (input.isString()) {
            texts.add(input.asString());
            return texts;
        }
        if (!input.isArray()) {
            throw OpenAiErrors.invalidType("input", "expected a string or an array");
        }
        if (input.isEmpty()) {
            throw OpenAiErrors.emptyArray("input");
        }
        if (input.size() > MAX_INPUTS) {
            throw OpenAiErrors.aboveMaximum("input", input.size(), MAX_INPUTS);
        }
        if (input.get(0).isNumber()) {
            texts.add(input.toString());
            return texts;
        }
        for (JsonNode item : input) {
            if (item.isString()) {
                texts.add(item.asString());
            } else if (item.isArray()) {
                texts.add(item.toString());
            } else {
                throw OpenAiErrors.invalidType("input", "expected strings or token arrays");
            }
        }
        return texts;
    }

    private static int dimensions(JsonNode dimensions, String model) {
        if (dimensions == null || dimensions.isNull()) {
            return EmbeddingGenerator.defaultDimensions(model);
        }
        if (!dimensions.isIntegralNumber()) {
            throw OpenAiErrors.invalidType("dimensions", "expected an integer");
        }
        if (dimensions.asLong() < 1) {
            throw OpenAiErrors.belowMinimum("dimensions", dimensions.asLong(), 1);
        }
        int most = EmbeddingGenerator.defaultDimensions(model);
        if (dimensions.asLong() > most) {
            throw OpenAiErrors.aboveMaximum("dimensions", dimensions.asLong(), most);
        }
        return dimensions.asInt();
    }

    private static boolean encoding(JsonNode format) {
        if (format == null || format.isNull() || "float".equals(format.asString(""))) {
            return false;
        }
        if ("base64".equals(format.asString(""))) {
            return true;
        }
        throw OpenAiErrors.invalidValue("encoding_format", "must be 'float' or 'base64'");
    }

    private static List<Float> floats(float[] vector) {
        List<Float> values = new ArrayList<>(vector.length);
        for (float value : vector) {
            values.add(value);
        }
        return values;
    }

    private static String base64(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : vector) {
            bytes.putFloat(value);
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
