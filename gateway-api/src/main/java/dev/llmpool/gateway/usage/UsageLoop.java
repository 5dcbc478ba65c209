package dev.llmpool.gateway.usage;

import dev.llmpool.core.kafka.ConsumerThread;
import dev.llmpool.core.security.RecordSigner;
import dev.llmpool.core.security.SignatureCheck;
import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.Topics;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code llm.results} in its own consumer group ({@code llmpool-usage}), off the hot path, and has the
 * {@link UsageMeter} meter each result; offsets are committed once a poll's results are metered. A result that
 * cannot be metered now (Redis or Kafka away) is read again from where it is after a pause; metering twice counts
 * once. Records the pool did not sign are skipped (the batch runners dead-letter them).
 */
public final class UsageLoop extends ConsumerThread {

    private static final Logger log = LoggerFactory.getLogger(UsageLoop.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final Supplier<Consumer<String, byte[]>> consumers;
    private final UsageMeter meter;
    private final RecordSigner signer;
    private final JsonCodec codec;

    public UsageLoop(Supplier<Consumer<String, byte[]>> consumers, UsageMeter meter, RecordSigner signer,
                     JsonCodec codec) {
        super("llmpool-usage");
        this.consumers = consumers;
        this.meter = meter;
        this.signer = signer;
        this.codec = codec;
    }

    @Override
    protected void loop() {
        try (Consumer<String, byte[]> kafka = consumers.get()) {
            attach(kafka);
            kafka.subscribe(List.of(Topics.RESULTS));
            while (isRunning()) {
                ConsumerRecords<String, byte[]> records = kafka.poll(POLL);
                ConsumerRecord<String, byte[]> failed = null;
                for (ConsumerRecord<String, byte[]> record : records) {
                    if (!take(record)) {
                        failed = record;
                        break;
                    }
                }
                if (failed != null) {
                    // metered up to here: read the rest of the partition again from the one that failed
                    for (TopicPartition partition : records.partitions()) {
                        List<ConsumerRecord<String, byte[]>> of = records.records(partition);
                        kafka.seek(partition, partition.equals(new TopicPartition(failed.topic(),
                                failed.partition())) ? failed.offset() : of.getFirst().offset());
                    }
                    Thread.sleep(RETRY);
                    continue;
                }
                if (!records.isEmpty()) {
                    kafka.commitSync();
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("The usage meter stopped", e);
        } finally {
            attach(null);
        }
    }

    /** False when the record could not be metered now (and should be read again). */
    private boolean take(ConsumerRecord<String, byte[]> record) {
        SignatureCheck signature = signer.verify(record);
        if (!signature.valid()) {
            log.warn("Not metering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    signature.reason());
            return true;
        }
        JobResult result;
        try {
            result = codec.fromBytes(record.value(), JobResult.class);
        } catch (RuntimeException e) {
            return true;
        }
        if (result == null || result.correlationId() == null) {
            return true;
        }
        try {
            meter.meter(result);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            log.warn("Could not meter the result of {} yet: {}", result.correlationId(), e.toString());
            return false;
        }
    }
}
