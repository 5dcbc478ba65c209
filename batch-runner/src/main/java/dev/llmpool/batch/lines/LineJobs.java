package dev.llmpool.batch.lines;

import dev.llmpool.core.batch.BatchIds;
import dev.llmpool.schemas.envelope.Api;
import dev.llmpool.schemas.envelope.CacheControl;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.envelope.JobRequestBuilder;
import dev.llmpool.schemas.names.MetadataKeys;
import dev.llmpool.schemas.envelope.Priority;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import dev.llmpool.schemas.openai.EmbeddingsRequest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The job of a batch line (a chat, or for a batch of {@code /v1/embeddings} an embeddings job): its correlation id
 * derived from the batch and the custom_id (publishing it again is a repeat the router ignores), priority
 * {@code batch}, the batch's {@code expires_at} as deadline, no token stream, and metadata naming the batch and the
 * line, which its result on {@code llm.results} carries back. Pure.
 */
public final class LineJobs {

    /** Metadata key of a line's job: the batch it belongs to. */
    public static final String BATCH_ID = "llmpool_batch_id";
    /** Metadata key of a line's job: the line's custom_id. */
    public static final String CUSTOM_ID = "llmpool_custom_id";
    /**
     * Metadata key of an embeddings line's job that asked for {@code encoding_format: base64}: the pool keeps floats,
     * its output line is encoded as asked.
     */
    public static final String ENCODING_FORMAT = "llmpool_encoding_format";

    private final JsonCodec codec;

    public LineJobs(JsonCodec codec) {
        this.codec = codec;
    }

    private static final String BASE64 = "base64";

    /** The endpoint of batches of embeddings; any other batch is of chat completions. */
    public static final String EMBEDDINGS = "/v1/embeddings";

    /** A chat completions line's job. */
    public JobRequest job(String batchId, String customId, JsonNode body, Instant expiresAt, Instant now) {
        return job(batchId, customId, body, expiresAt, now, "/v1/chat/completions");
    }

    /** The job of a line of a batch of {@code endpoint} of no tenant. */
    public JobRequest job(String batchId, String customId, JsonNode body, Instant expiresAt, Instant now,
                          String endpoint) {
        return job(batchId, null, null, customId, body, expiresAt, now, endpoint);
    }

    /**
     * The job of a line of a batch of {@code endpoint}: an embeddings job for {@value #EMBEDDINGS}, else a chat.
     *
     * @param tenant the batch's tenant (its lines are the tenant's jobs), or null
     * @param keyId  the key that created the batch (its lines' usage is the key's), or null
     */
    public JobRequest job(String batchId, String tenant, String keyId, String customId, JsonNode body,
                          Instant expiresAt, Instant now, String endpoint) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(BATCH_ID, batchId);
        metadata.put(CUSTOM_ID, customId);
        if (keyId != null) {
            metadata.put(MetadataKeys.KEY_ID, keyId);
        }
        EmbeddingsRequest embeddings = EMBEDDINGS.equals(endpoint)
                ? codec.fromTree(body, EmbeddingsRequest.class) : null;
        if (embeddings != null && BASE64.equals(embeddings.encodingFormat())) {
            metadata.put(ENCODING_FORMAT, BASE64);
        }
        JobRequestBuilder job = JobRequest.builder().correlationId(BatchIds.lineJobId(batchId, customId))
                .tenant(tenant).createdAt(now).deadline(expiresAt).priority(Priority.BATCH).cache(CacheControl.AUTO)
                .streamTokens(false).metadata(metadata);
        return embeddings != null ? job.api(Api.EMBEDDINGS).embeddings(embeddings).build()
                : job.body(codec.fromTree(body, ChatCompletionRequest.class)).build();
    }
}
