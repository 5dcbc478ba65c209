package dev.llmpool.gateway.jobs;

import dev.llmpool.core.kafka.KafkaHeaders;
import dev.llmpool.core.redis.EventTail;
import dev.llmpool.core.redis.JobEventStream;
import dev.llmpool.core.redis.JobStore;
import dev.llmpool.gateway.error.ApiException;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.envelope.ResultError;
import dev.llmpool.schemas.envelope.StreamEvent;
import dev.llmpool.schemas.json.Envelope;
import dev.llmpool.schemas.json.EnvelopeReader;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.Headers;
import dev.llmpool.schemas.names.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Submits a job: checks the envelope against its published schema, creates the job record (QUEUED) and its
 * {@code queued} event, opens the tail of the job's events when the caller will follow them (before publishing,
 * so no event can be missed), then publishes the {@link JobRequest} to {@code llm.requests} and waits for Kafka's
 * acknowledgement. A job whose id already exists is not published again: the caller follows the existing one.
 */
public class JobSubmitter {

    private static final Logger log = LoggerFactory.getLogger(JobSubmitter.class);

    private final JobStore store;
    private final JobEventStream events;
    private final KafkaTemplate<String, byte[]> kafka;
    private final JsonCodec codec;
    private final EnvelopeReader envelopes;
    private final Clock clock;
    private final Duration publishTimeout;

    public JobSubmitter(JobStore store, JobEventStream events, KafkaTemplate<String, byte[]> kafka, JsonCodec codec,
                        EnvelopeReader envelopes, Clock clock, Duration publishTimeout) {
        this.store = store;
        this.events = events;
        this.kafka = kafka;
        this.codec = codec;
        this.envelopes = envelopes;
        this.clock = clock;
        this.publishTimeout = publishTimeout;
    }

    /**
     * @param traceparent the client's W3C trace context, passed on as a Kafka header (may be null)
     * @param follow      whether to open the tail of the job's events
     */
    public Submission submit(JobRequest request, String traceparent, boolean follow) {
        String id = request.correlationId();
        byte[] json = codec.toBytes(request);
        List<String> problems = envelopes.validate(codec.readTree(json), Envelope.JOB_REQUEST);
        if (!problems.isEmpty()) {
            throw ApiException.invalidRequest("The request does not fit the job schema: "
                    + String.join("; ", problems), null, "invalid_request");
        }
        boolean created = store.create(id, JobStatus.QUEUED, new String(json, StandardCharsets.UTF_8));
        if (!created) {
            log.debug("Job {} already exists; following it instead of publishing again", id);
            return new Submission(id, false, follow ? events.tail(id, null) : null);
        }
        EventTail tail = null;
        try {
            events.append(StreamEvent.queued(id, clock.instant()));
            tail = follow ? events.tail(id, null) : null;
            publish(request, json, traceparent);
        } catch (RuntimeException e) {
            if (tail != null) {
                tail.close();
            }
            log.warn("Job {} could not be queued on {}: {}", id, Topics.REQUESTS, e.toString());
            fail(request, "The job could not be queued: " + e.getMessage());
            throw ApiException.queueUnavailable(id);
        }
        return new Submission(id, true, tail);
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
        JobResult result = new JobResult(JobResult.VERSION, request.correlationId(), JobStatus.FAILED,
                request.requestedModel(), null, null, ResultError.of(ErrorClass.INTERNAL, message), false, List.of(),
                request.createdAt(), now, request.metadata());
        try {
            if (store.complete(request.correlationId(), JobStatus.FAILED, codec.toJson(result))) {
                events.append(StreamEvent.failed(result, now));
            }
        } catch (RuntimeException e) {
            log.warn("Could not record the failure of job {}: {}", request.correlationId(), e.toString());
        }
    }
}
