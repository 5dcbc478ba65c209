package dev.llmpool.core.cache;

import dev.llmpool.core.text.Digests;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The cache key of a request: SHA-256 of its canonical JSON (object keys sorted, the model replaced by the
 * catalog model it resolved to, and the fields that do not change the answer removed: {@code stream},
 * {@code stream_options}, {@code user}). Pure.
 */
public final class CacheKeys {

    private static final String[] IGNORED = {"stream", "stream_options", "user"};

    private final JsonCodec codec;

    public CacheKeys(JsonCodec codec) {
        this.codec = codec;
    }

    public String key(ChatCompletionRequest body, String catalogModel) {
        ObjectNode tree = (ObjectNode) codec.tree(body.withModel(catalogModel));
        for (String field : IGNORED) {
            tree.remove(field);
        }
        return Digests.sha256Hex(codec.toJson(canonical(tree)));
    }

    static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (!field.getValue().isNull()) {
                    sorted.put(field.getKey(), canonical(field.getValue()));
                }
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            sorted.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> out.add(canonical(item)));
            return out;
        }
        return node;
    }
}
