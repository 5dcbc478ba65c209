package dev.llmpool.router.kafka;

import dev.llmpool.core.kafka.DeadLetterPublisher;
import dev.llmpool.core.security.RecordSigner;
import dev.llmpool.core.security.SignatureCheck;
import dev.llmpool.schemas.json.Envelope;
import dev.llmpool.schemas.json.EnvelopeReader;
import dev.llmpool.schemas.json.SchemaViolation;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an envelope from a record; a record that is not JSON or breaks the schema is dead-lettered to
 * {@code <topic>.dlt} with the violation's reason and problems, so its partition keeps moving. A record of an internal
 * topic is first checked for the pool's signature: one the pool did not sign is dead-lettered
 * ({@code unsigned-record}, {@code bad-signature}) before it is even parsed.
 */
public class EnvelopeRecords {

    private static final Logger log = LoggerFactory.getLogger(EnvelopeRecords.class);
    private static final byte[] EMPTY = new byte[0];

    private final EnvelopeReader reader;
    private final DeadLetterPublisher deadLetters;
    private final RecordSigner signer;
    private final BiConsumer<ConsumerRecord<String, byte[]>, SchemaViolation> refused;

    /**
     * @param refused told of every record an open topic's producer wrote that was dead-lettered for its JSON or
     *                schema, after its dead letter (a job the gateway created from that very record ends there)
     */
    public EnvelopeRecords(EnvelopeReader reader, DeadLetterPublisher deadLetters, RecordSigner signer,
                           BiConsumer<ConsumerRecord<String, byte[]>, SchemaViolation> refused) {
        this.reader = reader;
        this.deadLetters = deadLetters;
        this.signer = signer;
        this.refused = refused;
    }

    /**
     * The envelope of a record any producer may write ({@code llm.requests}), or empty when it was dead-lettered: one
     * the pool signed (the gateway's, built from a request it validated) is read as trusted, any other against the
     * schema.
     */
    public <T> Optional<T> read(ConsumerRecord<String, byte[]> record, Envelope envelope, Class<T> type) {
        return read(record, envelope, type, signer.verify(record).valid(), true);
    }

    /**
     * The envelope of a record of an internal topic, or empty when it was dead-lettered: only the pool writes these,
     * so a record must carry its signature, and is then read as trusted ({@link EnvelopeReader#readTrusted}).
     */
    public <T> Optional<T> readSigned(ConsumerRecord<String, byte[]> record, Envelope envelope, Class<T> type) {
        SignatureCheck signature = signer.verify(record);
        if (!signature.valid()) {
            log.warn("Dead-lettering {}-{}@{} (key {}): {}", record.topic(), record.partition(), record.offset(),
                    record.key(), signature.reason());
            deadLetters.publish(record, signature.reason(), signature.detail(record.topic()), Map.of());
            return Optional.empty();
        }
        return read(record, envelope, type, true, false);
    }

    /** @param refuse whether a record that cannot be read refuses its job (a job request's) */
    private <T> Optional<T> read(ConsumerRecord<String, byte[]> record, Envelope envelope, Class<T> type,
                                 boolean trusted, boolean refuse) {
        byte[] value = record.value() == null ? EMPTY : record.value();
        try {
            return Optional.of(trusted ? reader.readTrusted(value, envelope, type) : reader.read(value, envelope, type));
        } catch (SchemaViolation violation) {
            log.warn("Dead-lettering {}-{}@{} (key {}): {}", record.topic(), record.partition(), record.offset(),
                    record.key(), violation.getMessage());
            deadLetters.publish(record, violation.reason().header(), String.join("; ", violation.problems()),
                    Map.of());
            if (refuse) {
                refused.accept(record, violation);
            }
            return Optional.empty();
        }
    }
}
