package dev.llmpool.batch.run;

import dev.llmpool.batch.lines.LineJobs;
import dev.llmpool.core.batch.BatchRecord;
import dev.llmpool.core.batch.BatchRecords;
import dev.llmpool.core.batch.BatchStatus;
import dev.llmpool.core.batch.JsonLines;
import dev.llmpool.core.kafka.KafkaHeaders;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.Headers;
import dev.llmpool.schemas.names.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes a running batch's lines as jobs to {@code llm.requests}, from its checkpoint on: after every
 * {@code checkpointLines} acknowledged lines the checkpoint moves ({@code published}) and the lease is renewed. A
 * runner that dies resumes from the last checkpoint; the few lines it publishes again have the same job ids, which the
 * router takes as repeats. Stops when the batch stops running (cancelled, expired).
 */
public final class Publisher {

    private final InputFiles inputs;
    private final BatchRecords records;
    private final KafkaTemplate<String, byte[]> kafka;
    private final LineJobs jobs;
    private final JsonCodec codec;
    private final Clock clock;
    private final int checkpointLines;
    private final Duration sendTimeout;

    public Publisher(InputFiles inputs, BatchRecords records, KafkaTemplate<String, byte[]> kafka, JsonCodec codec,
                     Clock clock, int checkpointLines, Duration sendTimeout) {
        this.inputs = inputs;
        this.records = records;
        this.kafka = kafka;
        this.jobs = new LineJobs(codec);
        this.codec = codec;
        this.clock = clock;
        this.checkpointLines = checkpointLines;
        this.sendTimeout = sendTimeout;
    }

    /** @param stillHeld renews the lease; false when it was lost (then publishing stops) */
    public void publish(BatchRecord batch, BooleanSupplier stillHeld) {
        long from = batch.published();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        try (JsonLines lines = inputs.open(batch.inputFileId()).orElseThrow(() -> new IllegalStateException(
                "the input file " + batch.inputFileId() + " of " + batch.id() + " is gone"))) {
            long number = from;
            for (JsonLines.Line line = lines.next(); line != null; line = lines.next()) {
                if (line.number() <= from) {
                    continue;
                }
                number = line.number();
                pending.add(send(batch, line));
                if (pending.size() >= checkpointLines) {
                    awaitAcks(pending);
                    records.set(batch.id(), Map.of(BatchRecord.PUBLISHED, Long.toString(number)));
                    if (!stillHeld.getAsBoolean() || !running(batch)) {
                        return;
                    }
                }
            }
            awaitAcks(pending);
            records.set(batch.id(), Map.of(BatchRecord.PUBLISHED, Long.toString(number)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CompletableFuture<?> send(BatchRecord batch, JsonLines.Line line) {
        String customId = inputs.customId(line).orElseThrow(() -> new IllegalStateException(
                "line " + line.number() + " of " + batch.inputFileId() + " has no custom_id"));
        JobRequest job = jobs.job(batch.id(), batch.tenant(), batch.keyId(), customId,
                codec.readTree(line.bytes()).get("body"), batch.expiresAt(), clock.instant(), batch.endpoint());
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.REQUESTS, job.correlationId(),
                codec.toBytes(job));
        KafkaHeaders.put(record.headers(), Headers.CORRELATION_ID, job.correlationId());
        KafkaHeaders.put(record.headers(), Headers.DEADLINE, job.deadline().toString());
        return kafka.send(record);
    }

    private void awaitAcks(List<CompletableFuture<?>> pending) {
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                    .get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
            pending.clear();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge the batch's jobs: " + e, e);
        }
    }

    /** Still running: in progress, not stopped, its window not passed (the expiry is then the sweep's). */
    private boolean running(BatchRecord batch) {
        return clock.instant().isBefore(batch.expiresAt())
                && records.status(batch.id()).map(s -> s == BatchStatus.IN_PROGRESS).orElse(false)
                && !records.stopped(batch.id());
    }
}
