package dev.llmpool.batch.lines;

import dev.llmpool.core.batch.BatchIds;
import dev.llmpool.schemas.envelope.CacheControl;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.envelope.Priority;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The job of a batch line: its correlation id derived from the batch and the custom_id (publishing it again is a
 * repeat the router ignores), priority {@code batch}, the batch's {@code expires_at} as deadline, no token stream,
 * and metadata naming the batch and the line, which its result on {@code llm.results} carries back. Pure.
 */
public final class LineJobs {

    /** Metadata key of a line's job: the batch it belongs to. */
    public static final String BATCH_ID = "llmpool_batch_id";
    /** Metadata key of a line's job: the line's custom_id. */
    public static final String CUSTOM_ID = "llmpool_custom_id";

    private final JsonCodec codec;

    public LineJobs(JsonCodec codec) {
        this.codec = codec;
    }

    public JobRequest job(String batchId, String customId, JsonNode body, Instant expiresAt, Instant now) {
        return new JobRequest(JobRequest.VERSION, BatchIds.lineJobId(batchId, customId), null, now, expiresAt,
                Priority.BATCH, null, codec.fromTree(body, ChatCompletionRequest.class), CacheControl.AUTO, false,
                Map.of(BATCH_ID, batchId, CUSTOM_ID, customId));
    }
}
