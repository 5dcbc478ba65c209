package dev.llmpool.schemas.openai;

import dev.llmpool.schemas.json.JsonCodec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The embeddings answer as OpenAI writes it: {@code object: "list"}, one {@code embedding} object per input in order,
 * the model, and the usage ({@code prompt_tokens}, {@code total_tokens}); each vector a float array, or with
 * {@code encoding_format: "base64"} the base64 of its little-endian float32 bytes, as the OpenAI SDKs decode it. The
 * pool keeps floats; the encoding is only the answer's. Pure.
 */
public final class EmbeddingsAnswer {

    private final JsonCodec codec;

    public EmbeddingsAnswer(JsonCodec codec) {
        this.codec = codec;
    }

    public ObjectNode body(EmbeddingsResponse embeddings, String model, boolean base64) {
        ObjectNode body = codec.mapper().createObjectNode();
        body.put("object", EmbeddingsResponse.OBJECT);
        ArrayNode data = body.putArray("data");
        for (EmbeddingsResponse.Embedding embedding : embeddings.data()) {
            ObjectNode item = data.addObject();
            item.put("object", EmbeddingsResponse.Embedding.OBJECT);
            item.put("index", embedding.index());
            List<Float> vector = embedding.embedding();
            if (base64) {
                item.put("embedding", base64(vector));
            } else {
                ArrayNode values = item.putArray("embedding");
                vector.forEach(values::add);
            }
        }
        body.put("model", model);
        ObjectNode usage = body.putObject("usage");
        int prompt = embeddings.usage() == null ? 0 : embeddings.usage().promptTokens();
        usage.put("prompt_tokens", prompt);
        usage.put("total_tokens", embeddings.usage() == null ? prompt : embeddings.usage().totalTokens());
        return body;
    }

    public static String base64(List<Float> vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.size() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (Float value : vector) {
            bytes.putFloat(value == null ? 0f : value);
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
