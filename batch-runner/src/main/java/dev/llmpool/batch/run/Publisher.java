package dev.llmpool.batch.run;

import dev.llmpool.batch.budgets.JobBudgets;
import dev.llmpool.batch.kafka.PartWriter;
import dev.llmpool.batch.lines.LineJobs;
import dev.llmpool.batch.lines.OutputLines;
import dev.llmpool.core.batch.BatchLedger;
import dev.llmpool.core.batch.BatchRecord;
import dev.llmpool.core.batch.BatchRecords;
import dev.llmpool.core.batch.BatchStatus;
import dev.llmpool.core.batch.JsonLines;
import dev.llmpool.core.batch.LineState;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes a running batch's lines as jobs to {@code llm.requests}, from its checkpoint on, each admitted against
 * its budgets first ({@link JobBudgets}): after every {@code checkpointLines} handled lines (acknowledged, or
 * written as failed for want of budget) the checkpoint moves ({@code published}) and the lease is renewed. A runner
 * that dies resumes from the last checkpoint; the few lines it publishes again have the same job ids, which the
 * router takes as repeats. Stops when the batch stops running (cancelled, expired), and waits (until the next sweep)
 * at a line its budget has no room for while reservations are held.
 */
public final class Publisher {

    private static final Logger log = LoggerFactory.getLogger(Publisher.class);

    /** How a round of publishing ended. */
    public enum Round {
        /** Every line is published (or failed). */
        DONE,
        /** The lease was lost or the batch stopped running. */
        STOPPED,
        /** A line waits for room in its budget; the rest is published on a later try. */
        WAITING_FOR_BUDGET
    }

    /** Where the lines that failed for want of budget go: the batch's parts and ledger. */
    @FunctionalInterface
    public interface FailedLines {
        void write(String batchId, List<PartWriter.Line> lines);
    }

    private final InputFiles inputs;
    private final BatchRecords records;
    private final KafkaTemplate<String, byte[]> kafka;
    private final LineJobs jobs;
    private final JobBudgets budgets;
    private final FailedLines failed;
    private final OutputLines outputLines;
    private final JsonCodec codec;
    private final Clock clock;
    private final int checkpointLines;
    private final Duration sendTimeout;

    public Publisher(InputFiles inputs, BatchRecords records, KafkaTemplate<String, byte[]> kafka, JobBudgets budgets,
                     FailedLines failed, JsonCodec codec, Clock clock, int checkpointLines, Duration sendTimeout) {
        this.inputs = inputs;
        this.records = records;
        this.kafka = kafka;
        this.jobs = new LineJobs(codec);
        this.budgets = budgets;
        this.failed = failed;
        this.outputLines = new OutputLines(codec);
        this.codec = codec;
        this.clock = clock;
        this.checkpointLines = checkpointLines;
        this.sendTimeout = sendTimeout;
    }

    /** @param stillHeld renews the lease; false when it was lost (then publishing stops) */
    public Round publish(BatchRecord batch, BooleanSupplier stillHeld) {
        long from = batch.published();
        JobBudgets.Round budget = budgets.round(batch);
        List<CompletableFuture<?>> pending = new ArrayList<>();
        List<PartWriter.Line> overBudget = new ArrayList<>();
        try (JsonLines lines = inputs.open(batch.inputFileId()).orElseThrow(() -> new IllegalStateException(
                "the input file " + batch.inputFileId() + " of " + batch.id() + " is gone"))) {
            long number = from;
            for (JsonLines.Line line = lines.next(); line != null; line = lines.next()) {
                if (line.number() <= from) {
                    continue;
                }
                String customId = customId(batch, line);
                JobRequest job = jobs.job(batch.id(), batch.tenant(), batch.keyId(), customId,
                        codec.readTree(line.bytes()).get("body"), batch.expiresAt(), clock.instant(),
                        batch.endpoint());
                switch (budget.admit(job)) {
                    case JobBudgets.Admitted admitted -> pending.add(send(admitted.job()));
                    case JobBudgets.Refused refused -> overBudget.add(new PartWriter.Line(customId,
                            new BatchLedger.Mark(customId, LineState.FAILED, 0, 0), outputLines.bytes(
                            outputLines.overBudget(batch.id(), customId, refused.message()))));
                    case JobBudgets.Wait wait -> {
                        checkpoint(batch, pending, overBudget, number);
                        log.debug("Batch {} waits at line {} for room in its budget: {}", batch.id(), line.number(),
                                wait.why());
                        return Round.WAITING_FOR_BUDGET;
                    }
                }
                number = line.number();
                if (pending.size() + overBudget.size() >= checkpointLines) {
                    checkpoint(batch, pending, overBudget, number);
                    if (!stillHeld.getAsBoolean() || !running(batch)) {
                        return Round.STOPPED;
                    }
                }
            }
            checkpoint(batch, pending, overBudget, number);
            return Round.DONE;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Moves the checkpoint to {@code number} once its lines are acknowledged and its failed lines written. */
    private void checkpoint(BatchRecord batch, List<CompletableFuture<?>> pending, List<PartWriter.Line> overBudget,
                            long number) {
        awaitAcks(pending);
        if (!overBudget.isEmpty()) {
            failed.write(batch.id(), List.copyOf(overBudget));
            overBudget.clear();
        }
        if (number > batch.published()) {
            records.set(batch.id(), Map.of(BatchRecord.PUBLISHED, Long.toString(number)));
        }
    }

    private String customId(BatchRecord batch, JsonLines.Line line) {
        return inputs.customId(line).orElseThrow(() -> new IllegalStateException(
                "line " + line.number() + " of " + batch.inputFileId() + " has no custom_id"));
    }

    private CompletableFuture<?> send(JobRequest job) {
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
