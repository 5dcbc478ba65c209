package dev.llmpool.schemas.names;

/**
 * Redis key names. The job id sits in braces, a Redis Cluster hash tag, so a job's keys share a slot.
 * External readers use {@link #job(String)} (a hash with {@code status}, {@code result}) and {@link #stream(String)}.
 */
public final class RedisKeys {

    private static final String PREFIX = "llmpool:";

    /** Scope of the {@link #once} marker a worker sets when an attempt is done (its outcome published). */
    public static final String ATTEMPT_DONE_SCOPE = "attempt-done";
    /** Scope of the {@link #once} claim a worker holds while it runs an attempt. */
    public static final String ATTEMPT_CLAIM_SCOPE = "attempt-claim";

    private RedisKeys() {
    }

    /** Hash: {@code status}, {@code request}, {@code result}, {@code route} (router state), {@code updated_at}. */
    public static String job(String correlationId) {
        return PREFIX + "job:{" + correlationId + "}";
    }

    /** Stream of {@link dev.llmpool.schemas.envelope.StreamEvent}s, field {@code event}. */
    public static String stream(String correlationId) {
        return PREFIX + "stream:{" + correlationId + "}";
    }

    /** Pub/sub channel announcing each new stream entry (payload: entry id and event). */
    public static String streamChannel(String correlationId) {
        return PREFIX + "notify:{" + correlationId + "}";
    }

    /** Hash of per-attempt delta high-water marks, for de-duplicating a redelivered attempt's deltas. */
    public static String streamSeq(String correlationId) {
        return PREFIX + "streamseq:{" + correlationId + "}";
    }

    /** Exact-match cache entry, keyed by the SHA-256 of the canonical request. */
    public static String cache(String requestHash) {
        return PREFIX + "cache:" + requestHash;
    }

    /**
     * Marker that a dead letter was replayed: {@code <topic>:<partition>:<offset>} of the dead letter; the value is
     * when it was replayed.
     */
    public static String deadLetterReplayed(String coordinates) {
        return PREFIX + "dlq:replayed:" + coordinates;
    }

    /** Idempotency marker for a processed message (an attempt id, a finalization). */
    public static String once(String scope, String id) {
        return PREFIX + "once:" + scope + ":{" + id + "}";
    }

    /**
     * A shared Bucket4j bucket of a provider's quota: {@code kind} is {@code rpm} or {@code tpm}, {@code scope} the
     * provider or {@code provider:model} (a model with quotas of its own). The provider sits in braces, so a
     * provider's buckets and pause share a cluster slot.
     */
    public static String rateLimit(String scope, String kind) {
        int colon = scope.indexOf(':');
        String provider = colon < 0 ? scope : scope.substring(0, colon);
        String rest = colon < 0 ? "" : scope.substring(colon);
        return PREFIX + "ratelimit:{" + provider + "}" + rest + ":" + kind;
    }

    /** A provider's pause after a 429 with a reset: the end in epoch milliseconds, expiring then. */
    public static String providerPause(String provider) {
        return PREFIX + "pause:{" + provider + "}";
    }

    /**
     * The attempts a provider's workers have taken off their topic and are running: a sorted set of lease members
     * ({@code <attempt id>|<record>}) scored by when the lease lapses (epoch milliseconds), renewed while the worker
     * lives; a lapsed lease's record is published again. Shares a cluster slot with {@link #leaseRecords}.
     */
    public static String leases(String provider) {
        return PREFIX + "leases:{" + provider + "}";
    }

    /** The records behind a provider's {@link #leases}: lease member -> the record to publish again. */
    public static String leaseRecords(String provider) {
        return PREFIX + "lease-records:{" + provider + "}";
    }

    /**
     * A batch's stop flag: set (by the batch runner) when the batch is cancelled or expired; workers fail the
     * attempts of its lines that have not started as {@code cancelled}, without calling the provider.
     */
    public static String batchStop(String batchId) {
        return PREFIX + "batch:{" + batchId + "}:stop";
    }
}
