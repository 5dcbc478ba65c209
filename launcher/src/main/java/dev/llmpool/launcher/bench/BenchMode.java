package dev.llmpool.launcher.bench;

/** How the load reaches the pool. */
public enum BenchMode {
    /** OpenAI-compatible HTTP to the gateway. */
    HTTP,
    /** Job envelopes on {@code llm.requests}, results read from {@code llm.results}. */
    KAFKA
}
