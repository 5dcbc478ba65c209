package dev.llmpool.workers.kafka;

import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/**
 * Asked by a share consumer before each poll: how long to hold off taking new records (its provider is paused, the
 * process runs as many attempts as it may, or its lane has no room). While holding, the consumer keeps applying the
 * acknowledgements of the records it has. Told what each poll it allowed returned, so a lane can count what it holds.
 */
@FunctionalInterface
public interface PollGate {

    /** Never holds. */
    PollGate OPEN = () -> Duration.ZERO;

    /** How long not to poll from now; zero or negative to poll now. */
    Duration holdFor();

    /**
     * The records of a poll this gate allowed (empty when the poll returned nothing, failed or did not happen), told
     * before they reach the listener.
     */
    default void polled(ConsumerRecords<String, byte[]> records) {
    }
}
