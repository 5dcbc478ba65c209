package dev.llmpool.core.batch;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A file object of the Files API, field for field as OpenAI's ({@code status_details} and {@code expires_at} are
 * written even when null). Stored in Redis as this JSON; its bytes live in the file store under {@link #storageKey}.
 *
 * @param bytes     the size in bytes
 * @param createdAt epoch seconds
 * @param expiresAt epoch seconds when the pool forgets it ({@code llmpool.files.ttl}), or null
 * @param purpose   {@value #PURPOSE_BATCH} for uploads, {@value #PURPOSE_BATCH_OUTPUT} for the pool's outputs
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonIgnoreProperties(ignoreUnknown = true)
public record FileObject(String id, String object, long bytes, long createdAt, Long expiresAt, String filename,
                         String purpose, String status, String statusDetails) {

    public static final String OBJECT = "file";
    public static final String PURPOSE_BATCH = "batch";
    public static final String PURPOSE_BATCH_OUTPUT = "batch_output";
    /** Every file the pool serves is complete when its record exists. */
    public static final String PROCESSED = "processed";

    public static FileObject of(String id, long bytes, long createdAt, Long expiresAt, String filename,
                                String purpose) {
        return new FileObject(id, OBJECT, bytes, createdAt, expiresAt, filename, purpose, PROCESSED, null);
    }

    /** Where the file's bytes are in the file store. */
    public String storageKey() {
        return storageKey(id);
    }

    public static String storageKey(String fileId) {
        return "files/" + fileId;
    }
}
