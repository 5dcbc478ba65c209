package dev.llmpool.core.text;

import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The canonical form of a JSON tree: object keys sorted, null members removed, arrays kept in order. Two requests
 * that mean the same have the same canonical text, whatever order their client wrote the keys in. Pure.
 */
public final class CanonicalJson {

    private CanonicalJson() {
    }

    public static JsonNode of(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (!field.getValue().isNull()) {
                    sorted.put(field.getKey(), of(field.getValue()));
                }
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            sorted.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> out.add(of(item)));
            return out;
        }
        return node;
    }
}
