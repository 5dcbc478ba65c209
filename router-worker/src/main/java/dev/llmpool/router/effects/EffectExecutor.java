package dev.llmpool.router.effects;

import dev.llmpool.core.cache.ResultCache;
import dev.llmpool.core.finalize.JobFinalizer;
import dev.llmpool.core.kafka.DeadLetterPublisher;
import dev.llmpool.core.kafka.KafkaHeaders;
import dev.llmpool.core.redis.JobEventStream;
import dev.llmpool.core.redis.JobFingerprints;
import dev.llmpool.core.redis.JobStore;
import dev.llmpool.router.machine.Effect;
import dev.llmpool.router.machine.RouterEvent;
import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.Headers;
import dev.llmpool.schemas.names.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Applies effects: Redis writes through pool-core's stores, Kafka publishes waited for (the record that caused
 * them is acknowledged only after). A query effect returns the event that answers it.
 */
public class EffectExecutor {

    private final JobStore jobs;
    private final JobEventStream events;
    private final ResultCache cache;
    private final KafkaTemplate<String, byte[]> kafka;
    private final DeadLetterPublisher deadLetters;
    private final JsonCodec codec;
    private final RouterMetrics metrics;
    private final Duration sendTimeout;
    private final JobFingerprints fingerprints;
    private final JobFinalizer finalizer;

    public EffectExecutor(JobStore jobs, JobEventStream events, ResultCache cache, KafkaTemplate<String, byte[]> kafka,
                          DeadLetterPublisher deadLetters, JsonCodec codec, RouterMetrics metrics,
                          Duration sendTimeout) {
        this.fingerprints = new JobFingerprints(codec);
        this.finalizer = new JobFinalizer(jobs, cache, kafka, codec, sendTimeout);
        this.jobs = jobs;
        this.events = events;
        this.cache = cache;
        this.kafka = kafka;
        this.deadLetters = deadLetters;
        this.codec = codec;
        this.metrics = metrics;
        this.sendTimeout = sendTimeout;
    }

    /** Applies one effect; returns the answering event of a query effect. */
    public Optional<RouterEvent> apply(Effect effect) {
        switch (effect) {
            case Effect.CreateJob create -> {
                String fingerprint = fingerprints.of(codec.fromJson(create.requestJson(), JobRequest.class));
                if (jobs.create(create.correlationId(), JobStatus.QUEUED, create.requestJson(), fingerprint)
                        == JobStore.Creation.CREATED) {
                    create.onCreated().forEach(this::apply);
                }
            }
            case Effect.AppendEvent append -> events.append(append.event());
            case Effect.LookupCache lookup -> {
                if (lookup.request().embeds()) {
                    return Optional.of(new RouterEvent.CacheChecked(lookup.request(), lookup.key(), null,
                            cache.getEmbeddings(lookup.key()).orElse(null)));
                }
                return Optional.of(new RouterEvent.CacheChecked(lookup.request(), lookup.key(),
                        cache.get(lookup.key()).orElse(null)));
            }
            case Effect.PublishAttempt publish -> publishAttempt(publish);
            case Effect.Finalize finalize -> finalizeJob(finalize);
            case Effect.FinalizedByWorker finalized -> metrics.finished(finalized.result());
            case Effect.WriteCache write -> finalizer.writeCache(cacheWrite(write));
            case Effect.PublishResult publish -> finalizer.publish(publish.result());
            case Effect.DeadLetterJob dead -> deadLetter(dead);
            case Effect.Defer defer -> throw new NotReadyException(defer.reason());
        }
        return Optional.empty();
    }

    /**
     * Ends the job through the one gate ({@link JobFinalizer#store}): the cache writes listed before the first event
     * of {@code onStored} are pipelined ahead of storing the result with that event, in one Redis round trip; the rest
     * of {@code onStored} follows only when this call stored the result.
     */
    private void finalizeJob(Effect.Finalize finalize) {
        JobResult result = finalize.result();
        List<Effect> rest = new ArrayList<>(finalize.onStored());
        List<JobFinalizer.CacheWrite> cacheWrites = new ArrayList<>();
        Effect.AppendEvent terminal = null;
        while (!rest.isEmpty() && terminal == null) {
            Effect next = rest.getFirst();
            if (next instanceof Effect.WriteCache write) {
                cacheWrites.add(cacheWrite(write));
            } else if (next instanceof Effect.AppendEvent append) {
                terminal = append;
            } else {
                break;
            }
            rest.removeFirst();
        }
        if (!finalizer.store(result, cacheWrites, terminal == null ? null : terminal.event())) {
            return;
        }
        metrics.finished(result);
        rest.forEach(this::apply);
    }

    private static JobFinalizer.CacheWrite cacheWrite(Effect.WriteCache write) {
        return new JobFinalizer.CacheWrite(write.key(), write.completion(), write.embeddings(), write.ttl());
    }

    private void publishAttempt(Effect.PublishAttempt publish) {
        AttemptRequest request = publish.request();
        // a batch-priority job's attempts wait in the provider's batch lane, taken only when interactive work leaves room
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.lane(request.provider(),
                request.priority()), request.correlationId(), codec.toBytes(request));
        KafkaHeaders.put(record.headers(), Headers.CORRELATION_ID, request.correlationId());
        KafkaHeaders.put(record.headers(), Headers.ATTEMPT, Integer.toString(request.attempt()));
        KafkaHeaders.put(record.headers(), Headers.DEADLINE, request.deadline().toString());
        KafkaHeaders.put(record.headers(), Headers.TRACEPARENT, publish.traceparent());
        send(record);
        metrics.attempt(request.provider(), request.model());
    }

    private void deadLetter(Effect.DeadLetterJob dead) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(Headers.DLT_ATTEMPTS, Integer.toString(dead.attempts()));
        if (dead.providerError() != null) {
            headers.put(Headers.DLT_PROVIDER_ERROR, dead.providerError().json());
        }
        if (dead.providerMessage() != null) {
            headers.put(Headers.DLT_PROVIDER_MESSAGE, dead.providerMessage());
        }
        if (dead.origin() != null) {
            headers.put(Headers.DLT_ORIGINAL_TOPIC, dead.origin().topic());
            headers.put(Headers.DLT_ORIGINAL_PARTITION, Integer.toString(dead.origin().partition()));
            headers.put(Headers.DLT_ORIGINAL_OFFSET, Long.toString(dead.origin().offset()));
        }
        deadLetters.publish(Topics.REQUESTS, dead.request().correlationId(), codec.toBytes(dead.request()),
                dead.reason(), dead.detail(), headers);
        metrics.deadLettered(dead.reason());
    }

    private void send(ProducerRecord<String, byte[]> record) {
        try {
            kafka.send(record).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing to " + record.topic(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not publish to " + record.topic(), e);
        }
    }
}
