package dev.llmpool.core.batch;

import dev.llmpool.schemas.json.JsonCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.type.TypeReference;

/**
 * A batch as its Redis hash ({@code llmpool:batch:{id}}) holds it: OpenAI's fields (timestamps in epoch seconds), the
 * request counts and token totals the runners move, and the runners' own fields (the publish checkpoint, the status
 * a finalization ends in, precise instants in milliseconds).
 */
public final class BatchRecord {

    public static final String ID = "id";
    public static final String ENDPOINT = "endpoint";
    public static final String INPUT_FILE_ID = "input_file_id";
    public static final String COMPLETION_WINDOW = "completion_window";
    public static final String STATUS = "status";
    public static final String CREATED_AT = "created_at";
    public static final String IN_PROGRESS_AT = "in_progress_at";
    public static final String EXPIRES_AT = "expires_at";
    public static final String FINALIZING_AT = "finalizing_at";
    public static final String COMPLETED_AT = "completed_at";
    public static final String FAILED_AT = "failed_at";
    public static final String EXPIRED_AT = "expired_at";
    public static final String CANCELLING_AT = "cancelling_at";
    public static final String CANCELLED_AT = "cancelled_at";
    public static final String OUTPUT_FILE_ID = "output_file_id";
    public static final String ERROR_FILE_ID = "error_file_id";
    public static final String ERRORS = "errors";
    public static final String METADATA = "metadata";
    public static final String TOTAL = "total";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
    public static final String INPUT_TOKENS = "input_tokens";
    public static final String OUTPUT_TOKENS = "output_tokens";
    /** How many lines of the input have been published as jobs (a checkpoint: publishing resumes after it). */
    public static final String PUBLISHED = "published";
    /** While {@code finalizing}: the status the batch ends in ({@code completed}, {@code expired}, {@code cancelled}). */
    public static final String FINAL_STATUS = "final_status";
    /** {@code expires_at} in epoch milliseconds. */
    public static final String EXPIRES_MS = "expires_ms";
    /** {@code cancelling_at} in epoch milliseconds. */
    public static final String CANCELLING_MS = "cancelling_ms";
    /** The tenant whose batch it is (absent: none): its lines' jobs and its files are the tenant's. */
    public static final String TENANT = "tenant";
    /** The API key that created it (absent: none): its lines' usage is counted to that key. */
    public static final String KEY_ID = "key_id";

    private static final TypeReference<Map<String, String>> METADATA_TYPE = new TypeReference<>() {
    };

    private final Map<String, String> fields;

    public BatchRecord(Map<String, String> fields) {
        this.fields = Map.copyOf(fields);
    }

    /** The fields of a new batch, {@code validating}. */
    public static Map<String, String> newBatch(String id, String endpoint, String inputFileId, String windowText,
                                               Duration window, Map<String, String> metadata, Instant now,
                                               JsonCodec codec) {
        Instant expires = now.plus(window);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(ID, id);
        fields.put(ENDPOINT, endpoint);
        fields.put(INPUT_FILE_ID, inputFileId);
        fields.put(COMPLETION_WINDOW, windowText);
        fields.put(STATUS, BatchStatus.VALIDATING.json());
        fields.put(CREATED_AT, Long.toString(now.getEpochSecond()));
        fields.put(EXPIRES_AT, Long.toString(expires.getEpochSecond()));
        fields.put(EXPIRES_MS, Long.toString(expires.toEpochMilli()));
        if (metadata != null) {
            fields.put(METADATA, codec.toJson(metadata));
        }
        fields.put(TOTAL, "0");
        fields.put(COMPLETED, "0");
        fields.put(FAILED, "0");
        fields.put(PUBLISHED, "0");
        return fields;
    }

    public String id() {
        return fields.get(ID);
    }

    public BatchStatus status() {
        return BatchStatus.parse(fields.get(STATUS));
    }

    public String endpoint() {
        return fields.get(ENDPOINT);
    }

    public String inputFileId() {
        return fields.get(INPUT_FILE_ID);
    }

    /** The tenant whose batch it is, or null. */
    public String tenant() {
        return fields.get(TENANT);
    }

    /** The API key that created it, or null. */
    public String keyId() {
        return fields.get(KEY_ID);
    }

    public String completionWindow() {
        return fields.get(COMPLETION_WINDOW);
    }

    public long total() {
        return number(TOTAL);
    }

    public long completed() {
        return number(COMPLETED);
    }

    public long failed() {
        return number(FAILED);
    }

    /** Lines neither completed nor failed yet. */
    public long pending() {
        return Math.max(0, total() - completed() - failed());
    }

    public long published() {
        return number(PUBLISHED);
    }

    public Instant expiresAt() {
        return Instant.ofEpochMilli(number(EXPIRES_MS));
    }

    /** When cancelling began, or null. */
    public Instant cancellingAt() {
        String value = fields.get(CANCELLING_MS);
        return value == null ? null : Instant.ofEpochMilli(Long.parseLong(value));
    }

    /** While finalizing: the status it ends in. */
    public BatchStatus finalStatus() {
        String value = fields.get(FINAL_STATUS);
        return value == null ? BatchStatus.COMPLETED : BatchStatus.parse(value);
    }

    public String outputFileId() {
        return fields.get(OUTPUT_FILE_ID);
    }

    public String errorFileId() {
        return fields.get(ERROR_FILE_ID);
    }

    public boolean has(String field) {
        return fields.containsKey(field);
    }

    public Map<String, String> metadata(JsonCodec codec) {
        String json = fields.get(METADATA);
        return json == null ? null : codec.mapper().readValue(json, METADATA_TYPE);
    }

    /** The batch as the Batch API shows it. */
    public BatchObject toObject(JsonCodec codec) {
        String errors = fields.get(ERRORS);
        return new BatchObject(id(), BatchObject.OBJECT, endpoint(), null,
                errors == null ? null : BatchObject.Errors.of(List.of(codec.fromJson(errors, BatchError[].class))),
                inputFileId(), completionWindow(), status(), fields.get(OUTPUT_FILE_ID), fields.get(ERROR_FILE_ID),
                number(CREATED_AT), optional(IN_PROGRESS_AT), optional(EXPIRES_AT), optional(FINALIZING_AT),
                optional(COMPLETED_AT), optional(FAILED_AT), optional(EXPIRED_AT), optional(CANCELLING_AT),
                optional(CANCELLED_AT), new BatchObject.RequestCounts(total(), completed(), failed()),
                BatchObject.Usage.of(number(INPUT_TOKENS), number(OUTPUT_TOKENS)), metadata(codec));
    }

    private long number(String field) {
        String value = fields.get(field);
        return value == null || value.isEmpty() ? 0 : Long.parseLong(value);
    }

    private Long optional(String field) {
        String value = fields.get(field);
        return value == null || value.isEmpty() ? null : Long.parseLong(value);
    }

    @Override
    public String toString() {
        return "BatchRecord" + fields;
    }
}
