package dev.llmpool.simulator.fault;

/** A failure to answer with instead of a completion. */
public enum Fault {
    /** No failure: generate. */
    NONE,
    /** Answer 500 {@code server_error}. */
    SERVER_ERROR,
    /** Answer 429 {@code rate_limit_exceeded}. */
    RATE_LIMIT
}
