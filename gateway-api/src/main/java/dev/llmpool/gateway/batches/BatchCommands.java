package dev.llmpool.gateway.batches;

import dev.llmpool.schemas.envelope.BatchCommand;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Tells the batch runners to look at a batch now ({@code llm.batch-commands}, key = batch id). A command that cannot
 * be sent is only logged: the batch's record is already stored and the runners' sweep finds it within
 * {@code llmpool.batch.sweep-interval}.
 */
public class BatchCommands {

    private static final Logger log = LoggerFactory.getLogger(BatchCommands.class);

    private final KafkaTemplate<String, byte[]> kafka;
    private final JsonCodec codec;
    private final Clock clock;
    private final Duration timeout;

    public BatchCommands(KafkaTemplate<String, byte[]> kafka, JsonCodec codec, Clock clock, Duration timeout) {
        this.kafka = kafka;
        this.codec = codec;
        this.clock = clock;
        this.timeout = timeout;
    }

    public void send(BatchCommand.Type type, String batchId) {
        BatchCommand command = BatchCommand.of(type, batchId, clock.instant());
        try {
            kafka.send(new ProducerRecord<>(Topics.BATCH_COMMANDS, batchId, codec.toBytes(command)))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("Interrupted while sending the {} command of {}; the runners' sweep will find it", type,
                    batchId);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.warn("Could not send the {} command of {} ({}); the runners' sweep will find it", type, batchId,
                    e.toString());
        }
    }
}
