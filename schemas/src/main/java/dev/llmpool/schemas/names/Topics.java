package dev.llmpool.schemas.names;

import dev.llmpool.schemas.envelope.Priority;

/** The pool's Kafka topic names. */
public final class Topics {

    /** Jobs from the gateway or any producer; key = correlation id. */
    public static final String REQUESTS = "llm.requests";
    /** The outcome of every attempt, consumed by the router; key = correlation id. */
    public static final String ATTEMPTS = "llm.attempts";
    /** Final results for pipelines; key = correlation id. */
    public static final String RESULTS = "llm.results";
    /**
     * The usage and cost of every attempt of every job, one record per attempt, written once a job's result is
     * metered ({@code usage-record.v1.json}); key = the tenant. For billing and the operator's own aggregations.
     */
    public static final String USAGE = "llm.usage";
    /** Commands to the batch runners ({@code created}, {@code cancel}); key = batch id. */
    public static final String BATCH_COMMANDS = "llm.batch-commands";
    /**
     * Documents for the summarization service ({@code summarize-request.v1.json}); key = the request's id. Open to
     * any producer, like {@link #REQUESTS}.
     */
    public static final String SUMMARIZE_REQUESTS = "llm.summarize.requests";
    /** The summarization service's results ({@code summarize-result.v1.json}); key = the request's id. */
    public static final String SUMMARIZE_RESULTS = "llm.summarize.results";
    /** Prefix of each provider's attempt topic. */
    public static final String PROVIDER_PREFIX = "llm.provider.";
    /** Suffix of a provider's batch lane, beside its interactive topic. */
    public static final String BATCH_LANE_SUFFIX = ".batch";
    /** Suffix of a dead-letter topic. */
    public static final String DEAD_LETTER_SUFFIX = ".dlt";

    private Topics() {
    }

    /** {@code llm.provider.<provider>}. */
    public static String provider(String provider) {
        return PROVIDER_PREFIX + provider;
    }

    /**
     * {@code llm.provider.<provider>.batch}: the attempts of batch-priority jobs, which the provider's workers take
     * only while interactive work leaves them room.
     */
    public static String providerBatch(String provider) {
        return provider(provider) + BATCH_LANE_SUFFIX;
    }

    /** The topic an attempt of {@code priority} waits in: the provider's batch lane or its interactive topic. */
    public static String lane(String provider, Priority priority) {
        return priority == Priority.BATCH ? providerBatch(provider) : provider(provider);
    }

    /** {@code <topic>.dlt}. */
    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }
}
