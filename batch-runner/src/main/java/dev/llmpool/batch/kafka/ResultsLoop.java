package dev.llmpool.batch.kafka;

import dev.llmpool.batch.lines.LineJobs;
import dev.llmpool.batch.lines.OutputLines;
import dev.llmpool.core.batch.BatchLedger;
import dev.llmpool.core.batch.LineState;
import dev.llmpool.core.kafka.ConsumerThread;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.Topics;
import dev.llmpool.schemas.openai.Usage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import dev.llmpool.core.kafka.DeadLetterPublisher;
import dev.llmpool.core.security.RecordSigner;
import dev.llmpool.core.security.SignatureCheck;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code llm.results} in the runners' consumer group and keeps the results of batch lines (their metadata
 * names the batch and the custom_id): gathered up to {@code partLines} lines or {@code partInterval}, then written
 * by {@link PartWriter} (part object, then ledger), and only then are the offsets committed. Results of other jobs
 * only move the offsets. A line whose job hit its deadline (the batch's {@code expires_at}) is left to the batch's
 * expiry, which writes it as {@code batch_expired}. When a write fails the consumer pauses and the lines are
 * written again before anything else is read. Partitions taken away are written and committed first.
 */
public final class ResultsLoop extends ConsumerThread {

    private static final Logger log = LoggerFactory.getLogger(ResultsLoop.class);
    private static final Duration POLL = Duration.ofMillis(100);
    /** The longest a commit may block (a broker gone at shutdown must not hold the process). */
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(5);
    /** The batch-id metadata key as it appears in a result's JSON. */
    private static final byte[] BATCH_MARK = ("\"" + LineJobs.BATCH_ID + "\"").getBytes(StandardCharsets.UTF_8);

    private final RecordSigner signer;
    private final DeadLetterPublisher deadLetters;
    private final Supplier<Consumer<String, byte[]>> consumers;
    private final PartWriter parts;
    private final JsonCodec codec;
    private final OutputLines lines;
    private final Clock clock;
    private final int partLines;
    private final Duration partInterval;
    private final Map<String, List<PartWriter.Line>> buffer = new LinkedHashMap<>();
    private int buffered;
    private long firstBufferedAt;
    private long lastCommitAt;
    /** Records read since the last commit (an idle loop commits nothing). */
    private boolean readSinceCommit;
    private long retryAt;

    public ResultsLoop(Supplier<Consumer<String, byte[]>> consumers, PartWriter parts, JsonCodec codec, Clock clock,
                       int partLines, Duration partInterval, RecordSigner signer, DeadLetterPublisher deadLetters) {
        super("llmpool-batch-results");
        this.signer = signer;
        this.deadLetters = deadLetters;
        this.consumers = consumers;
        this.parts = parts;
        this.codec = codec;
        this.lines = new OutputLines(codec);
        this.clock = clock;
        this.partLines = partLines;
        this.partInterval = partInterval;
    }

    @Override
    protected void loop() {
        try (Consumer<String, byte[]> kafka = consumers.get()) {
            attach(kafka);
            kafka.subscribe(List.of(Topics.RESULTS), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    if (flush()) {
                        commit(kafka);
                    }
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    clear();
                }
            });
            lastCommitAt = clock.millis();
            while (isRunning()) {
                if (retryAt > 0 && clock.millis() >= retryAt) {
                    if (flush()) {
                        kafka.resume(kafka.paused());
                        commit(kafka);
                    }
                }
                ConsumerRecords<String, byte[]> records = kafka.poll(POLL);
                readSinceCommit |= !records.isEmpty();
                records.forEach(this::take);
                long now = clock.millis();
                if (retryAt == 0 && (buffered >= partLines || buffered > 0 && now - firstBufferedAt
                        >= partInterval.toMillis())) {
                    if (flush()) {
                        commit(kafka);
                    } else {
                        kafka.pause(kafka.assignment());
                    }
                } else if (buffered == 0 && retryAt == 0 && readSinceCommit
                        && now - lastCommitAt >= partInterval.toMillis()) {
                    commit(kafka);
                }
            }
            if (flush()) {
                commit(kafka);
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            log.error("The batch results loop stopped", e);
        } finally {
            attach(null);
        }
    }

    private void take(ConsumerRecord<String, byte[]> record) {
        SignatureCheck signature = signer.verify(record);
        if (!signature.valid()) {
            // a result the pool did not write must never count as a batch line's answer
            log.warn("Dead-lettering {}-{}@{} (key {}): {}", record.topic(), record.partition(), record.offset(),
                    record.key(), signature.reason());
            deadLetters.publish(record, signature.reason(), "a record on " + record.topic()
                    + " that the pool did not sign", Map.of());
            return;
        }
        if (!mentionsBatch(record.value())) {
            return; // most results are not a batch line's: not read further
        }
        JobResult result;
        try {
            result = codec.fromBytes(record.value(), JobResult.class);
        } catch (RuntimeException e) {
            return; // not a result this role can read; the router's own consumers judge those
        }
        if (result == null || result.metadata() == null) {
            return;
        }
        String batchId = result.metadata().get(LineJobs.BATCH_ID);
        String customId = result.metadata().get(LineJobs.CUSTOM_ID);
        if (batchId == null || customId == null) {
            return;
        }
        if (result.error() != null && (result.error().errorClass() == ErrorClass.DEADLINE_EXCEEDED
                || result.error().errorClass() == ErrorClass.CANCELLED)) {
            return; // its batch expired or was cancelled: the expiry or the cancel writes it (batch_expired,
                    // batch_cancelled), as for every line that never ran
        }
        LineState state = OutputLines.state(result);
        Usage usage = result.response() == null ? null : result.response().usage();
        BatchLedger.Mark mark = new BatchLedger.Mark(customId, state,
                usage == null ? 0 : usage.promptTokens(), usage == null ? 0 : usage.completionTokens());
        if (buffered == 0) {
            firstBufferedAt = clock.millis();
        }
        buffer.computeIfAbsent(batchId, k -> new ArrayList<>()).add(new PartWriter.Line(customId, mark,
                lines.bytes(lines.ran(batchId, customId, result))));
        buffered++;
    }

    /**
     * Whether a result's bytes name the batch-id metadata key: a batch line's result always does (the pool writes its
     * JSON, keys unescaped), so a result that does not is skipped without being parsed. Pure.
     */
    static boolean mentionsBatch(byte[] value) {
        if (value == null) {
            return false;
        }
        byte[] mark = BATCH_MARK;
        outer:
        for (int i = 0, last = value.length - mark.length; i <= last; i++) {
            if (value[i] != mark[0]) {
                continue;
            }
            for (int j = 1; j < mark.length; j++) {
                if (value[i + j] != mark[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Writes what is buffered; false (and a retry later) when it could not. */
    private boolean flush() {
        try {
            for (Map.Entry<String, List<PartWriter.Line>> batch : buffer.entrySet()) {
                parts.write(batch.getKey(), batch.getValue());
            }
            clear();
            retryAt = 0;
            return true;
        } catch (RuntimeException e) {
            log.warn("Could not write batch results ({} lines); trying again in {}: {}", buffered, partInterval,
                    e.toString());
            retryAt = clock.millis() + partInterval.toMillis();
            return false;
        }
    }

    private void clear() {
        buffer.clear();
        buffered = 0;
    }

    private void commit(Consumer<String, byte[]> kafka) {
        try {
            kafka.commitSync(COMMIT_TIMEOUT);
            lastCommitAt = clock.millis();
            readSinceCommit = false;
        } catch (RuntimeException e) {
            log.warn("Could not commit the batch results' offsets (they are read again): {}", e.toString());
        }
    }
}
