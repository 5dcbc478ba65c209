package dev.llmpool.router.kafka;

import dev.llmpool.core.kafka.DeadLetterPublisher;
import dev.llmpool.schemas.json.Envelope;
import dev.llmpool.schemas.json.EnvelopeReader;
import dev.llmpool.schemas.json.SchemaViolation;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an envelope from a record; a record that is not JSON or breaks the schema is dead-lettered to
 * {@code <topic>.dlt} with the violation's reason and problems, so its partition keeps moving.
 */
public class EnvelopeRecords {

    private static final Logger log = LoggerFactory.getLogger(EnvelopeRecords.class);
    private static final byte[] EMPTY = new byte[0];

    private final EnvelopeReader reader;
    private final DeadLetterPublisher deadLetters;

    public EnvelopeRecords(EnvelopeReader reader, DeadLetterPublisher deadLetters) {
        this.reader = reader;
        this.deadLetters = deadLetters;
    }

    /** The envelope, or empty when the record was dead-lettered. */
    public <T> Optional<T> read(ConsumerRecord<String, byte[]> record, Envelope envelope, Class<T> type) {
        return read(record, envelope, type, false);
    }

    /** {@link #read} for an envelope the pool's own components write ({@link EnvelopeReader#readTrusted}). */
    public <T> Optional<T> readTrusted(ConsumerRecord<String, byte[]> record, Envelope envelope, Class<T> type) {
        return read(record, envelope, type, true);
    }

    private <T> Optional<T> read(ConsumerRecord<String, byte[]> record, Envelope envelope, Class<T> type,
                                 boolean trusted) {
        byte[] value = record.value() == null ? EMPTY : record.value();
        try {
            return Optional.of(trusted ? reader.readTrusted(value, envelope, type) : reader.read(value, envelope, type));
        } catch (SchemaViolation violation) {
            log.warn("Dead-lettering {}-{}@{} (key {}): {}", record.topic(), record.partition(), record.offset(),
                    record.key(), violation.getMessage());
            deadLetters.publish(record, violation.reason().header(), String.join("; ", violation.problems()),
                    Map.of());
            return Optional.empty();
        }
    }
}
