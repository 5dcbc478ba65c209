package dev.llmpool.batch.kafka;

import dev.llmpool.batch.run.WorkQueue;
import dev.llmpool.core.kafka.DeadLetterPublisher;
import dev.llmpool.core.security.RecordSigner;
import dev.llmpool.core.security.SignatureCheck;
import dev.llmpool.schemas.envelope.BatchCommand;
import dev.llmpool.schemas.json.Envelope;
import dev.llmpool.schemas.json.EnvelopeReader;
import dev.llmpool.schemas.json.SchemaViolation;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.MessageListener;

/**
 * {@code llm.batch-commands}: each command asks for work on its batch (what to do is read from the batch's record);
 * a record that is not a command is dead-lettered to {@code llm.batch-commands.dlt}.
 */
public final class CommandListener implements MessageListener<String, byte[]> {

    private static final Logger log = LoggerFactory.getLogger(CommandListener.class);

    private final EnvelopeReader reader;
    private final DeadLetterPublisher deadLetters;
    private final WorkQueue queue;
    private final RecordSigner signer;

    public CommandListener(EnvelopeReader reader, DeadLetterPublisher deadLetters, WorkQueue queue,
                           RecordSigner signer) {
        this.signer = signer;
        this.reader = reader;
        this.deadLetters = deadLetters;
        this.queue = queue;
    }

    @Override
    public void onMessage(ConsumerRecord<String, byte[]> record) {
        SignatureCheck signature = signer.verify(record);
        if (!signature.valid()) {
            log.warn("Dead-lettering batch command {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), signature.reason());
            deadLetters.publish(record, signature.reason(), "a batch command the pool did not sign", Map.of());
            return;
        }
        BatchCommand command;
        try {
            command = reader.read(record.value() == null ? new byte[0] : record.value(), Envelope.BATCH_COMMAND,
                    BatchCommand.class);
        } catch (SchemaViolation violation) {
            log.warn("Dead-lettering batch command {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), violation.getMessage());
            deadLetters.publish(record, violation.reason().header(), String.join("; ", violation.problems()),
                    Map.of());
            return;
        }
        queue.request(command.batchId());
    }
}
