package dev.llmpool.simulator.generation;

import tools.jackson.databind.JsonNode;

/**
 * The shape the content must take.
 *
 * @param kind   plain text or a JSON object
 * @param schema for {@link Kind#JSON_SCHEMA}: the JSON schema to satisfy; otherwise {@code null}
 */
public record OutputFormat(Kind kind, JsonNode schema) {

    /** Plain text. */
    public static final OutputFormat TEXT = new OutputFormat(Kind.TEXT, null);

    /** Any valid JSON object. */
    public static final OutputFormat JSON_OBJECT = new OutputFormat(Kind.JSON_OBJECT, null);

    /** A JSON object following {@code schema}. */
    public static OutputFormat jsonSchema(JsonNode schema) {
        return new OutputFormat(Kind.JSON_SCHEMA, schema);
    }

    public boolean isJson() {
        return kind != Kind.TEXT;
    }

    /** The kinds of output format. */
    public enum Kind {
        TEXT,
        JSON_OBJECT,
        JSON_SCHEMA
    }
}
