package dev.llmpool.workers.kafka;

import java.time.Duration;

/**
 * Asked by a share consumer before each poll: how long to hold off taking new records (its provider is paused, or the
 * process runs as many attempts as it may). While holding, the consumer keeps applying the acknowledgements of the
 * records it has.
 */
@FunctionalInterface
public interface PollGate {

    /** Never holds. */
    PollGate OPEN = () -> Duration.ZERO;

    /** How long not to poll from now; zero or negative to poll now. */
    Duration holdFor();
}
