package dev.llmpool.launcher.dlq;

/**
 * What happened to one dead letter on replay.
 *
 * @param detail one line for the operator
 */
public record ReplayResult(Coordinates letter, Status status, String detail) {

    /** The replay's outcome. */
    public enum Status {
        /** Re-published to its original topic. */
        REPLAYED,
        /** Would be re-published ({@code --dry-run}). */
        WOULD_REPLAY,
        /** Not re-published: replayed before, its job completed or is in progress, or it is not the pool's record. */
        SKIPPED,
        /** Could not be re-published. */
        FAILED
    }
}
