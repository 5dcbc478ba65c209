package dev.llmpool.router.kafka;

/**
 * A poll whose handlers were still running at its stop time: they were cancelled and waited for, and the poll fails so
 * that it is delivered again (its handling is idempotent) rather than outlive the consumer's place in the group.
 */
public final class PollOverrunException extends RuntimeException {

    public PollOverrunException(String message) {
        super(message);
    }
}
