package dev.llmpool.schemas.json;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.llmpool.schemas.envelope.AttemptOutcome;
import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.envelope.JobRequest;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads envelopes from untrusted bytes: JSON parse, then JSON Schema validation against the published
 * schema, then binding to the record. Any failure is a {@link SchemaViolation} naming the problems, which
 * consumers turn into a dead letter.
 *
 * <p>Envelopes that the pool's own components write ({@link #readTrusted}) skip the schema on the way in: the schema
 * was applied where the data entered the pool (the gateway's HTTP validation, the router's read of a job any producer
 * wrote on {@code llm.requests}), and checking it again on every hop costs more than the rest of the read.
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
        int malformed = Utf8.firstMalformed(bytes);
        if (malformed >= 0) {
            // Jackson reads overlong forms such as C0 AF as '/': a record must be well-formed UTF-8 first
            throw new SchemaViolation(SchemaViolation.Reason.INVALID_JSON,
                    List.of("not well-formed UTF-8 at byte " + malformed));
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

    /**
     * Reads an envelope that one of the pool's components wrote ({@link Envelope#ATTEMPT_REQUEST} from the router,
     * {@link Envelope#ATTEMPT_OUTCOME} from a worker, a {@link Envelope#JOB_REQUEST} the gateway signed): binds it directly and checks only that the fields the schema
     * requires are there. A record that does not bind or lacks a required field is read again with {@link #read},
     * so it fails with the same precise {@link SchemaViolation} as before.
     */
    public <T> T readTrusted(byte[] bytes, Envelope envelope, Class<T> type) {
        if (!type.equals(envelope.type())) {
            throw new IllegalArgumentException(type + " is not the type of " + envelope);
        }
        try {
            T value = codec.fromBytes(bytes, type);
            if (value != null && hasRequiredFields(value)) {
                return value;
            }
        } catch (JacksonException | IllegalArgumentException e) {
            // not bindable as it is: the full read below says why
        }
        return read(bytes, envelope, type);
    }

    private static boolean hasRequiredFields(Object envelope) {
        return switch (envelope) {
            case AttemptRequest a -> a.schemaVersion() == AttemptRequest.VERSION && present(a.attemptId())
                    && present(a.correlationId()) && a.attempt() >= 1 && present(a.provider()) && present(a.model())
                    && present(a.upstreamModel()) && a.body() != null && a.body().messages() != null
                    && !a.body().messages().isEmpty();
            case AttemptOutcome o -> o.schemaVersion() == AttemptOutcome.VERSION && present(o.attemptId())
                    && present(o.correlationId()) && o.attempt() >= 1 && present(o.provider()) && present(o.model())
                    && (o.succeeded() ? o.completion() != null : o.error() != null);
            case JobRequest j -> j.schemaVersion() == JobRequest.VERSION && present(j.correlationId())
                    && (j.body() == null) != (j.embeddings() == null)
                    && (j.body() == null || j.body().messages() != null && !j.body().messages().isEmpty())
                    && (present(j.model()) || j.body() != null && present(j.body().model())
                    || j.embeddings() != null && present(j.embeddings().model()));
            default -> false;
        };
    }

    private static boolean present(String text) {
        return text != null && !text.isEmpty();
    }

    /** The schema problems of a tree, empty when it is valid. */
    public List<String> validate(JsonNode tree, Envelope envelope) {
        try {
            return schemas.get(envelope).validate(tree).stream().map(Error::toString).toList();
        } catch (JacksonException e) {
            // the validator reads numbers through Jackson's strict conversions: 1e30 where the schema wants an
            // integer within bounds cannot even be compared, and is as much a violation as one that can
            return List.of("a value is out of every range the schema allows: " + e.getOriginalMessage());
        }
    }
}
