package dev.llmpool.router.kafka;

import dev.llmpool.core.kafka.DeadLetterPublisher;
import dev.llmpool.router.effects.NotReadyException;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;

/**
 * The last word on a record whose handling kept failing after the error handler's redeliveries: it goes to
 * {@code <topic>.dlt} with reason {@code not-routable} (an outcome whose job never got routed) or
 * {@code processing-failed} (anything else), so nothing is dropped silently and the partition moves on.
 */
public class FailedRecordRecoverer implements ConsumerRecordRecoverer {

    public static final String NOT_ROUTABLE = "not-routable";
    public static final String PROCESSING_FAILED = "processing-failed";

    private static final Logger log = LoggerFactory.getLogger(FailedRecordRecoverer.class);

    private final DeadLetterPublisher deadLetters;

    public FailedRecordRecoverer(DeadLetterPublisher deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Override
    public void accept(ConsumerRecord<?, ?> record, Exception exception) {
        Throwable cause = rootOf(exception);
        String reason = cause instanceof NotReadyException ? NOT_ROUTABLE : PROCESSING_FAILED;
        log.error("Giving up on {}-{}@{} (key {}): {}", record.topic(), record.partition(), record.offset(),
                record.key(), cause.toString());
        @SuppressWarnings("unchecked")
        ConsumerRecord<String, byte[]> bytes = (ConsumerRecord<String, byte[]>) record;
        deadLetters.publish(bytes, reason, cause.toString(), Map.of());
    }

    private static Throwable rootOf(Throwable error) {
        Throwable current = error;
        while (current.getCause() != null && current.getCause() != current
                && !(current instanceof NotReadyException)) {
            current = current.getCause();
        }
        return current;
    }
}
