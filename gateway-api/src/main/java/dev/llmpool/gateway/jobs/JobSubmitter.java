package dev.llmpool.gateway.jobs;

import dev.llmpool.core.kafka.KafkaHeaders;
import dev.llmpool.core.redis.EventTail;
import dev.llmpool.core.redis.JobEventStream;
import dev.llmpool.core.redis.JobFingerprints;
import dev.llmpool.core.redis.JobStore;
import dev.llmpool.core.redis.RedisFailures;
import dev.llmpool.core.redis.StreamEntry;
import dev.llmpool.gateway.error.ApiException;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.envelope.ResultError;
import dev.llmpool.schemas.envelope.StreamEvent;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.Headers;
import dev.llmpool.schemas.names.Topics;
import io.lettuce.core.RedisCommandTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Submits a job: creates the job record (QUEUED) together with its {@code queued} event in one Redis call while the
 * subscription to the job's events is being set up (when the caller will follow them), then, once both are done,
 * publishes the {@link JobRequest} to {@code llm.requests} and waits for Kafka's acknowledgement. Subscribing before
 * publishing is what makes "no event can be missed" true; the job being new, its stream holds nothing but the
 * {@code queued} event this call wrote, so the tail starts from that without reading the stream. A job whose id
 * already exists is not published again: the caller follows the existing one from its start, provided it was
 * created by the same request (its {@link JobFingerprints fingerprint}); a different request under an existing id (a
 * reused {@code x-llmpool-job-id} or {@code Idempotency-Key}) is refused with 409 and changes nothing.
 *
 * <p>A job whose envelope would be a record larger than the producer's {@code max.request.size} is refused with a 413
 * before anything is stored (the HTTP body limit keeps this from happening with the defaults; this is the guarantee
 * that no record too large is ever produced, whatever the settings).
 *
 * <p>The envelope is not checked against {@code job-request.v1.json} here: it is built from a body the HTTP layer
 * has already validated (the edge for HTTP input), and the router validates every record on {@code llm.requests}
 * (the edge for any other producer).
 */
public class JobSubmitter {

    private static final Logger log = LoggerFactory.getLogger(JobSubmitter.class);

    /** The key, headers and Kafka's record and batch framing around the envelope, generously. */
    public static final int RECORD_OVERHEAD = 1024;

    private final JobStore store;
    private final JobEventStream events;
    private final KafkaTemplate<String, byte[]> kafka;
    private final JsonCodec codec;
    private final Clock clock;
    private final Duration publishTimeout;
    private final int maxRecordBytes;
    private final JobFingerprints fingerprints;

    /** @param maxRecordBytes the producer's {@code max.request.size}: the largest record it sends */
    public JobSubmitter(JobStore store, JobEventStream events, KafkaTemplate<String, byte[]> kafka, JsonCodec codec,
                        Clock clock, Duration publishTimeout, int maxRecordBytes) {
        this.fingerprints = new JobFingerprints(codec);
        this.store = store;
        this.events = events;
        this.kafka = kafka;
        this.codec = codec;
        this.clock = clock;
        this.publishTimeout = publishTimeout;
        this.maxRecordBytes = maxRecordBytes;
    }

    /**
     * @param traceparent the client's W3C trace context, passed on as a Kafka header (may be null)
     * @param follow      whether to open the tail of the job's events
     */
    public Submission submit(JobRequest request, String traceparent, boolean follow) {
        String id = request.correlationId();
        byte[] json = codec.toBytes(request);
        if (json.length + RECORD_OVERHEAD > maxRecordBytes) {
            throw ApiException.recordTooLarge(json.length, maxRecordBytes - RECORD_OVERHEAD);
        }
        StreamEvent queued = StreamEvent.queued(id, clock.instant());
        EventTail tail = follow ? events.subscribe(id, null) : null;
        String queuedId;
        try {
            queuedId = created(store.createAndAppendAsync(id, JobStatus.QUEUED,
                    new String(json, StandardCharsets.UTF_8), fingerprints.of(request), queued));
        } catch (RuntimeException e) {
            if (tail != null) {
                tail.close();
            }
            throw e;
        }
        if (JobStore.CONFLICT.equals(queuedId)) {
            if (tail != null) {
                tail.close();
            }
            throw ApiException.idempotencyConflict(id);
        }
        if (queuedId == null) {
            log.debug("Job {} already exists; following it instead of publishing again", id);
            return new Submission(id, false, tail == null ? null : tail.startFromHistory());
        }
        try {
            if (tail != null) {
                tail.startWith(List.of(new StreamEntry(queuedId, queued)));
            }
            publish(request, json, traceparent);
        } catch (RuntimeException e) {
            if (tail != null) {
                tail.close();
            }
            log.warn("Job {} could not be queued on {}: {}", id, Topics.REQUESTS, e.toString());
            fail(request, "The job could not be queued: " + e.getMessage());
            if (tooLarge(e)) {
                throw ApiException.recordRefused(id, json.length);
            }
            if (RedisFailures.unavailable(e)) {
                throw e; // Redis went away before the job's events could be followed
            }
            throw ApiException.queueUnavailable(id);
        }
        return new Submission(id, true, tail);
    }

    /** The broker refused the record as too large: its topic's limit is below the producer's. */
    private static boolean tooLarge(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RecordTooLargeException) {
                return true;
            }
        }
        return false;
    }

    private String created(CompletableFuture<String> creation) {
        try {
            return creation.get(publishTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the job", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new RedisCommandTimeoutException("Redis did not create the job within " + publishTimeout);
        }
    }

    private void publish(JobRequest request, byte[] json, String traceparent) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.REQUESTS, request.correlationId(), json);
        KafkaHeaders.put(record.headers(), Headers.CORRELATION_ID, request.correlationId());
        KafkaHeaders.put(record.headers(), Headers.DEADLINE,
                request.deadline() == null ? null : request.deadline().toString());
        KafkaHeaders.put(record.headers(), Headers.TRACEPARENT, traceparent);
        try {
            kafka.send(record).get(publishTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause() == null ? e.toString() : e.getCause().toString(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no acknowledgement within " + publishTimeout, e);
        }
    }

    /** Ends a job that never reached Kafka, so its record and event stream tell the truth. */
    private void fail(JobRequest request, String message) {
        Instant now = clock.instant();
        JobResult result = JobResult.builder().correlationId(request.correlationId()).status(JobStatus.FAILED)
                .model(request.requestedModel()).error(ResultError.of(ErrorClass.INTERNAL, message))
                .attempts(List.of()).createdAt(request.createdAt()).completedAt(now).metadata(request.metadata())
                .build();
        try {
            if (store.complete(request.correlationId(), JobStatus.FAILED, codec.toJson(result))) {
                events.append(StreamEvent.failed(result, now));
            }
        } catch (RuntimeException e) {
            log.warn("Could not record the failure of job {}: {}", request.correlationId(), e.toString());
        }
    }
}
