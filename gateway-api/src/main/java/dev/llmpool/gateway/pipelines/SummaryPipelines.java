package dev.llmpool.gateway.pipelines;

import dev.llmpool.core.batch.FileRecords;
import dev.llmpool.core.kafka.KafkaHeaders;
import dev.llmpool.core.summarize.SummaryRecords;
import dev.llmpool.core.summarize.SummaryState;
import dev.llmpool.gateway.error.ApiException;
import dev.llmpool.gateway.tenancy.Caller;
import dev.llmpool.schemas.names.MetadataKeys;
import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.envelope.SummarizeRequest;
import dev.llmpool.schemas.json.Envelope;
import dev.llmpool.schemas.json.EnvelopeReader;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.Headers;
import dev.llmpool.schemas.names.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Summarization pipelines over HTTP: a body like a record of {@code llm.summarize.requests} ({@code schema_version}
 * and {@code id} may be left out: version 1, a new {@code sum-…} id) is checked against
 * {@code summarize-request.v1.json} and its file, its id bound to it ({@link SummaryRecords#claim}: the same body
 * again is the same pipeline, another body under a used id a 409), and published for the batch runners; published
 * again when it is sent again while still queued (the first publish may have failed). The gateway never summarizes.
 */
public class SummaryPipelines {

    public static final String ID_PREFIX = "sum-";

    private final EnvelopeReader reader;
    private final SummaryRecords records;
    private final FileRecords files;
    private final KafkaTemplate<String, byte[]> kafka;
    private final JsonCodec codec;
    private final Duration publishTimeout;

    public SummaryPipelines(EnvelopeReader reader, SummaryRecords records, FileRecords files,
                            KafkaTemplate<String, byte[]> kafka, JsonCodec codec, Duration publishTimeout) {
        this.reader = reader;
        this.records = records;
        this.files = files;
        this.kafka = kafka;
        this.codec = codec;
        this.publishTimeout = publishTimeout;
    }

    /**
     * Accepts a pipeline of the caller's; its state after. A tenant's key makes it the tenant's (whatever
     * {@code tenant} the body names), an id it chose one of its own id space, and its calls the key's (its id in the
     * metadata, which no client may set).
     */
    public SummaryState accept(JsonNode body, Caller caller) {
        ObjectNode tree = ((ObjectNode) body).deepCopy();
        if (!tree.has("schema_version")) {
            tree.put("schema_version", SummarizeRequest.VERSION);
        }
        if (!tree.has("id")) {
            tree.put("id", ID_PREFIX + UUID.randomUUID().toString().replace("-", ""));
        } else if (caller.tenant() != null && tree.get("id").isString()) {
            tree.put("id", caller.scoped(tree.get("id").asString()));
        }
        if (caller.tenant() != null) {
            tree.put("tenant", caller.tenant());
        }
        boolean shaped = !tree.has("metadata") || tree.get("metadata") instanceof ObjectNode;
        if (shaped && (caller.keyId() != null || tree.path("metadata").has(MetadataKeys.KEY_ID)
                || tree.path("metadata").has(MetadataKeys.BUDGET_HOLD))) {
            ObjectNode metadata = tree.path("metadata") instanceof ObjectNode given ? given : tree.putObject("metadata");
            metadata.remove(List.of(MetadataKeys.KEY_ID, MetadataKeys.BUDGET_HOLD));
            if (caller.keyId() != null) {
                metadata.put(MetadataKeys.KEY_ID, caller.keyId());
            }
        }
        List<String> problems = reader.validate(tree, Envelope.SUMMARIZE_REQUEST);
        if (!problems.isEmpty()) {
            throw ApiException.invalidRequest("The body is not a summarization request (summarize-request.v1.json): "
                    + String.join("; ", problems), null, "invalid_request");
        }
        SummarizeRequest request = codec.fromTree(tree, SummarizeRequest.class);
        if (request.fileId() != null && files.find(request.fileId())
                .filter(f -> caller.sees(files.owner(f.id()))).isEmpty()) {
            throw ApiException.invalidValue("file_id", "no file '" + request.fileId() + "' (never uploaded, "
                    + "deleted, or expired).");
        }
        SummaryRecords.Claim claim = records.claim(request);
        if (claim == SummaryRecords.Claim.CONFLICT) {
            throw ApiException.pipelineConflict(request.id());
        }
        SummaryState state = records.find(request.id()).orElseThrow(() -> ApiException.internal(
                "the pipeline " + request.id() + " was stored and is gone"));
        if (claim == SummaryRecords.Claim.NEW || state.status() == JobStatus.QUEUED && state.result() == null) {
            publish(request);
        }
        return state;
    }

    /** The pipeline {@code id} names, if the caller may see it (the id as sent, else in the caller's id space). */
    public Optional<SummaryState> find(String id, Caller caller) {
        Optional<SummaryState> state = records.find(id).filter(s -> caller.sees(records.owner(id)));
        String scoped = caller.scoped(id);
        if (state.isEmpty() && !scoped.equals(id)) {
            state = records.find(scoped).filter(s -> caller.sees(records.owner(scoped)));
        }
        return state;
    }

    private void publish(SummarizeRequest request) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.SUMMARIZE_REQUESTS, request.id(),
                codec.toBytes(request));
        KafkaHeaders.put(record.headers(), Headers.CORRELATION_ID, request.id());
        try {
            kafka.send(record).get(publishTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.queueUnavailable(request.id());
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw ApiException.queueUnavailable(request.id());
        }
    }
}
