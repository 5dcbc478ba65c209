package dev.llmpool.schemas.json;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads envelopes from untrusted bytes: JSON parse, then JSON Schema validation against the published
 * schema, then binding to the record. Any failure is a {@link SchemaViolation} naming the problems, which
 * consumers turn into a dead letter.
 */
public final class EnvelopeReader {

    /** The {@code $id} prefix of the published schemas; resolved from the classpath, never fetched. */
    public static final String SCHEMA_ID_PREFIX = "https://llmpool.dev/schemas/";

    private final JsonCodec codec;
    private final Map<Envelope, Schema> schemas = new EnumMap<>(Envelope.class);

    public EnvelopeReader(JsonCodec codec) {
        this.codec = codec;
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaIdResolvers(ids -> ids.mapPrefix(SCHEMA_ID_PREFIX, "classpath:schemas/")));
        for (Envelope envelope : Envelope.values()) {
            schemas.put(envelope, registry.getSchema(SchemaLocation.of("classpath:schemas/" + envelope.schemaFile())));
        }
    }

    public <T> T read(byte[] bytes, Envelope envelope, Class<T> type) {
        if (!type.equals(envelope.type())) {
            throw new IllegalArgumentException(type + " is not the type of " + envelope);
        }
        JsonNode tree;
        try {
            tree = codec.readTree(bytes);
        } catch (JacksonException e) {
            throw new SchemaViolation(SchemaViolation.Reason.INVALID_JSON, List.of(e.getOriginalMessage()));
        }
        if (tree == null || tree.isMissingNode()) {
            throw new SchemaViolation(SchemaViolation.Reason.INVALID_JSON, List.of("empty record"));
        }
        List<String> problems = validate(tree, envelope);
        if (!problems.isEmpty()) {
            JsonNode version = tree.get("schema_version");
            if (version != null && version.isInt() && version.intValue() > 1) {
                throw new SchemaViolation(SchemaViolation.Reason.UNSUPPORTED_VERSION,
                        List.of("schema_version " + version.intValue() + " is newer than this consumer understands"));
            }
            throw new SchemaViolation(SchemaViolation.Reason.SCHEMA_VIOLATION, problems);
        }
        try {
            return codec.fromTree(tree, type);
        } catch (JacksonException e) {
            throw new SchemaViolation(SchemaViolation.Reason.SCHEMA_VIOLATION, List.of(e.getOriginalMessage()));
        }
    }

    /** The schema problems of a tree, empty when it is valid. */
    public List<String> validate(JsonNode tree, Envelope envelope) {
        return schemas.get(envelope).validate(tree).stream().map(Error::toString).toList();
    }
}
