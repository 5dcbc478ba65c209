package dev.llmpool.schemas.names;

/** Kafka header names the pool reads and writes. Values are UTF-8 strings. */
public final class Headers {

    public static final String CORRELATION_ID = "llmpool-correlation-id";
    public static final String ATTEMPT = "llmpool-attempt";
    /** The job's deadline as ISO-8601 instant. */
    public static final String DEADLINE = "llmpool-deadline";
    public static final String SCHEMA = "llmpool-schema";
    /** W3C trace context. */
    public static final String TRACEPARENT = "traceparent";

    /** Why a record was dead-lettered: a short machine-readable reason such as {@code invalid-json}. */
    public static final String DLT_REASON = "llmpool-dlt-reason";
    /** A human-readable detail of the reason. */
    public static final String DLT_DETAIL = "llmpool-dlt-detail";
    public static final String DLT_ORIGINAL_TOPIC = "llmpool-dlt-original-topic";
    public static final String DLT_ORIGINAL_PARTITION = "llmpool-dlt-original-partition";
    public static final String DLT_ORIGINAL_OFFSET = "llmpool-dlt-original-offset";
    public static final String DLT_ATTEMPTS = "llmpool-dlt-attempts";
    /**
     * {@code true} on a dead letter whose value was cut to fit the largest record Kafka takes (a record that just fit
     * its own topic no longer fits with the dead letter's headers); the value is then a prefix of the original.
     */
    public static final String DLT_TRUNCATED = "llmpool-dlt-truncated";
    /** On a truncated dead letter: the original value's size in bytes. */
    public static final String DLT_ORIGINAL_SIZE = "llmpool-dlt-original-size";
    /** The provider's error, classified, when a provider failure caused the dead letter. */
    public static final String DLT_PROVIDER_ERROR = "llmpool-dlt-provider-error";
    /** The provider's error message of the last attempt, cleaned (keys masked, truncated). */
    public static final String DLT_PROVIDER_MESSAGE = "llmpool-dlt-provider-message";

    /** On a record re-published from a dead-letter topic: the dead letter's {@code <topic>:<partition>:<offset>}. */
    public static final String REPLAYED_FROM = "llmpool-replayed-from";
    /** On a replayed record: when it was replayed, ISO-8601 instant. */
    public static final String REPLAYED_AT = "llmpool-replayed-at";

    /**
     * On an attempt record published again because the worker that had taken it stopped renewing its lease: the
     * original record's {@code <topic>-<partition>@<offset>}, so the copy counts as a redelivery of that record (it
     * takes the attempt's claim over at once).
     */
    public static final String LEASED_FROM = "llmpool-leased-from";

    /**
     * On a record published again after its lease lapsed: how many times the attempt's lease has lapsed so far (each
     * time, the worker that held it stopped before the attempt ended). Past {@code llmpool.workers.max-lease-lapses}
     * the attempt is given up instead of published again.
     */
    public static final String LEASE_LAPSES = "llmpool-lease-lapses";

    /**
     * The pool's signature of a record on an internal topic ({@code llm.provider.<p>}, {@code llm.attempts},
     * {@code llm.results}, the dead-letter topics): base64 of an HMAC-SHA256 over the record's topic, key, value and
     * {@code llmpool-*} headers under the pool's record key. A consumer of an internal topic acts only on a record whose
     * signature is valid; {@code llm.requests} stays open to any producer.
     */
    public static final String SIGNATURE = "llmpool-signature";

    private Headers() {
    }
}
