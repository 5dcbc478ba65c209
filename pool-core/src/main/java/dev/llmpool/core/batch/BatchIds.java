package dev.llmpool.core.batch;

import dev.llmpool.core.text.Digests;
import java.util.UUID;

/**
 * The ids of files, batches and batch lines. A line's job id and request id, and a batch's output and error file
 * ids, are derived from the batch id: the same line always has the same job (publishing it again is harmless) and a
 * finalization done again writes the same files.
 */
public final class BatchIds {

    public static final String BATCH_PREFIX = "batch_";
    public static final String FILE_PREFIX = "file-";

    private BatchIds() {
    }

    public static String newBatchId() {
        return BATCH_PREFIX + random();
    }

    public static String newFileId() {
        return FILE_PREFIX + random();
    }

    /** The correlation id of a line's job: {@code <batch id>.<first 24 hex of SHA-256(custom_id)>}. */
    public static String lineJobId(String batchId, String customId) {
        return batchId + "." + Digests.sha256Hex(customId).substring(0, 24);
    }

    /**
     * The batch a job belongs to, from its correlation id ({@link #lineJobId}): for the router and workers, which see
     * a line's attempts but not its metadata, to check the batch's stop flag. Empty for any other job.
     */
    public static java.util.Optional<String> batchOfJob(String correlationId) {
        int dot = correlationId == null ? -1 : correlationId.lastIndexOf('.');
        return dot > BATCH_PREFIX.length() && correlationId.startsWith(BATCH_PREFIX)
                && correlationId.length() - dot - 1 == 24 ? java.util.Optional.of(correlationId.substring(0, dot))
                : java.util.Optional.empty();
    }

    /** The {@code id} of a line in the output and error files ({@code batch_req_…}). */
    public static String lineRequestId(String batchId, String customId) {
        return "batch_req_" + Digests.sha256Hex(batchId + "\n" + customId).substring(0, 32);
    }

    public static String outputFileId(String batchId) {
        return FILE_PREFIX + Digests.sha256Hex(batchId + "\noutput").substring(0, 32);
    }

    public static String errorFileId(String batchId) {
        return FILE_PREFIX + Digests.sha256Hex(batchId + "\nerrors").substring(0, 32);
    }

    /** Plausible as an id the pool hands out (letters, digits, {@code -_.}), so it may be used in a Redis key. */
    public static boolean plausible(String id, String prefix) {
        return id != null && id.startsWith(prefix) && id.length() <= 128 && id.chars().allMatch(c ->
                Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_' || c == '.');
    }

    private static String random() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
