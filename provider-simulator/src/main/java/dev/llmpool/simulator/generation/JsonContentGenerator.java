package dev.llmpool.simulator.generation;

import java.util.Map;
import java.util.SplittableRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Deterministic JSON objects for {@code response_format}: {@code {"answer": "..."}} for a plain JSON object, or a
 * value for each property of a JSON schema (types, {@code enum}, {@code const}, arrays, nested objects,
 * {@code anyOf}/{@code oneOf} by their first branch). The root is always an object.
 */
final class JsonContentGenerator {

    private static final int MAX_DEPTH = 6;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonMapper mapper;

    JsonContentGenerator(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /** A JSON object as text; for no schema, one property holding about {@code words} words. */
    String generate(JsonNode schema, SplittableRandom random, int words) {
        ObjectNode root;
        if (schema == null || !schema.isObject() || !schema.path("properties").isObject()) {
            root = NODES.objectNode();
            root.put("answer", Words.sentence(random, Math.max(1, words)));
        } else {
            root = object(schema, random, 0);
        }
        return mapper.writeValueAsString(root);
    }

    private JsonNode value(JsonNode schema, SplittableRandom random, int depth) {
        if (schema.has("const")) {
            return schema.get("const");
        }
        JsonNode options = schema.path("enum");
        if (options.isArray() && !options.isEmpty()) {
            return options.get(random.nextInt(options.size()));
        }
        JsonNode branches = schema.has("anyOf") ? schema.get("anyOf") : schema.path("oneOf");
        if (branches.isArray() && !branches.isEmpty()) {
            return value(branches.get(0), random, depth);
        }
        String type = type(schema);
        if (depth >= MAX_DEPTH && ("object".equals(type) || "array".equals(type))) {
            return NODES.nullNode();
        }
        return switch (type) {
            case "object" -> object(schema, random, depth + 1);
            case "array" -> array(schema, random, depth + 1);
            case "integer" -> NODES.numberNode(random.nextInt(0, 1000));
            case "number" -> NODES.numberNode(Math.round(random.nextDouble(0, 1000) * 100) / 100.0);
            case "boolean" -> NODES.booleanNode(random.nextBoolean());
            case "null" -> NODES.nullNode();
            default -> NODES.stringNode(Words.sentence(random, 1 + random.nextInt(4)));
        };
    }

    private ObjectNode object(JsonNode schema, SplittableRandom random, int depth) {
        ObjectNode node = NODES.objectNode();
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            node.set(property.getKey(), value(property.getValue(), random, depth));
        }
        return node;
    }

    private ArrayNode array(JsonNode schema, SplittableRandom random, int depth) {
        ArrayNode node = NODES.arrayNode();
        JsonNode items = schema.path("items");
        int size = 1 + random.nextInt(3);
        for (int i = 0; i < size; i++) {
            node.add(items.isObject() ? value(items, random, depth) : NODES.stringNode(Words.word(random)));
        }
        return node;
    }

    private static String type(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isString()) {
            return type.stringValue();
        }
        if (type.isArray()) {
            for (JsonNode option : type.values()) {
                if (option.isString() && !"null".equals(option.stringValue())) {
                    return option.stringValue();
                }
            }
        }
        return schema.has("properties") ? "object" : "string";
    }
}
