package dev.llmpool.schemas.names;

/** The pool's Kafka topic names. */
public final class Topics {

    /** Jobs from the gateway or any producer; key = correlation id. */
    public static final String REQUESTS = "llm.requests";
    /** The outcome of every attempt, consumed by the router; key = correlation id. */
    public static final String ATTEMPTS = "llm.attempts";
    /** Final results for pipelines; key = correlation id. */
    public static final String RESULTS = "llm.results";
    /** Commands to the batch runners ({@code created}, {@code cancel}); key = batch id. */
    public static final String BATCH_COMMANDS = "llm.batch-commands";
    /** Prefix of each provider's attempt topic. */
    public static final String PROVIDER_PREFIX = "llm.provider.";
    /** Suffix of a dead-letter topic. */
    public static final String DEAD_LETTER_SUFFIX = ".dlt";

    private Topics() {
    }

    /** {@code llm.provider.<provider>}. */
    public static String provider(String provider) {
        return PROVIDER_PREFIX + provider;
    }

    /** {@code <topic>.dlt}. */
    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }
}
