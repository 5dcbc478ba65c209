package dev.llmpool.schemas.json;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.cfg.DateTimeFeature;

/**
 * The one JSON mapper configuration for envelopes and OpenAI records: ISO-8601 instants, unknown
 * properties tolerated (records say so too), nulls omitted where the record asks, and a number or flag the schema
 * lets a producer leave out (e.g. {@code streamed_chunks}, {@code stream_tokens}) read as 0 or false when absent
 * (Jackson 3 refuses that by default; the schemas, not the binding, say what is required).
 */
public final class JsonCodec {

    private final JsonMapper mapper;

    public JsonCodec() {
        this.mapper = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                // 1e30 is no token count: a number written with a fraction or exponent never binds to an integer
                // field (OpenAI refuses it too), where Jackson would otherwise coerce it
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
    }

    public JsonMapper mapper() {
        return mapper;
    }

    public byte[] toBytes(Object value) {
        return mapper.writeValueAsBytes(value);
    }

    public String toJson(Object value) {
        return mapper.writeValueAsString(value);
    }

    public <T> T fromBytes(byte[] bytes, Class<T> type) {
        return mapper.readValue(bytes, type);
    }

    public <T> T fromJson(String json, Class<T> type) {
        return mapper.readValue(json, type);
    }

    public <T> T fromTree(JsonNode node, Class<T> type) {
        return mapper.treeToValue(node, type);
    }

    public JsonNode tree(Object value) {
        return mapper.valueToTree(value);
    }

    /** Parses bytes to a tree, throwing {@link JacksonException} when they are not JSON. */
    public JsonNode readTree(byte[] bytes) {
        return mapper.readTree(bytes);
    }

    public JsonNode readTree(String json) {
        return mapper.readTree(json);
    }
}
