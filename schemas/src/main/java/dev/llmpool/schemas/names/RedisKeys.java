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

    /**
     * A stored Responses API response (the gateway's {@code /v1/responses}): its JSON and the conversation so far, for
     * {@code GET /v1/responses/{id}} and {@code previous_response_id}; with a TTL.
     */
    public static String response(String responseId) {
        return PREFIX + "response:{" + responseId + "}";
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

    /**
     * A worker's marker or claim of one attempt ({@link #ATTEMPT_DONE_SCOPE}, {@link #ATTEMPT_CLAIM_SCOPE}). The job id
     * is the hash tag, so the attempt's keys share a cluster slot with its job's hash: a claim checks in the same
     * script that the job is still live.
     */
    public static String attempt(String scope, String correlationId, int attempt) {
        return PREFIX + "once:" + scope + ":{" + correlationId + "}:" + attempt;
    }

    /**
     * The pool's record key (base64), when no key is configured: the first process of a pool stores a random one
     * ({@code SET NX}, no TTL) and every process that shares this Redis signs and checks internal records with it.
     */
    public static String recordKey() {
        return PREFIX + "record-key";
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

    /** Hash: a file object of the Files API ({@code id}, {@code bytes}, {@code created_at}, {@code filename}, …). */
    public static String file(String fileId) {
        return PREFIX + "file:{" + fileId + "}";
    }

    /**
     * Sorted set of file ids by creation (epoch milliseconds): every file, or those of one purpose, for
     * {@code GET /v1/files}.
     */
    public static String files(String purpose) {
        return PREFIX + "files:" + (purpose == null ? "all" : purpose);
    }

    /**
     * Hash: a batch of the Batch API (its OpenAI fields, its request counts, the runner's checkpoint). The batch's
     * other keys share its hash tag, so one Lua script may change them together.
     */
    public static String batch(String batchId) {
        return PREFIX + "batch:{" + batchId + "}";
    }

    /** The batch's line ledger: hash custom_id → {@code completed|failed|expired|cancelled}, each set once. */
    public static String batchLines(String batchId) {
        return PREFIX + "batch:{" + batchId + "}:lines";
    }

    /** The batch's stop flag (cancelled or expired): workers and the router skip the attempts of its lines. */
    public static String batchStop(String batchId) {
        return PREFIX + "batch:{" + batchId + "}:stop";
    }

    /** Set: the keys of the batch's part objects in the file store (result lines not yet in its files). */
    public static String batchParts(String batchId) {
        return PREFIX + "batch:{" + batchId + "}:parts";
    }

    /** The lease of the runner working on the batch (validating, publishing, finalizing): a token, with a TTL. */
    public static String batchLease(String batchId) {
        return PREFIX + "batch:{" + batchId + "}:lease";
    }

    /** Sorted set of batch ids by creation (epoch milliseconds), for {@code GET /v1/batches}. */
    public static String batches() {
        return PREFIX + "batches";
    }

    /** Set: the ids of batches that are not final yet, which the runners' sweep looks at. */
    public static String activeBatches() {
        return PREFIX + "batches:active";
    }

    /**
     * Hash: a summarization run ({@code options}, {@code options_key}, {@code documents}, {@code created_at},
     * {@code updated_at}). The run's other keys share its hash tag.
     */
    public static String summarizeRun(String run) {
        return PREFIX + "summarize:{" + run + "}";
    }

    /** Hash: a run's finished documents, document key → its summary line (JSON). */
    public static String summarizeDocuments(String run) {
        return PREFIX + "summarize:{" + run + "}:docs";
    }

    /**
     * Hash: the checkpointed nodes of a document in progress, {@code <level>.<index>} → the node's summary (JSON);
     * removed once the document is finished.
     */
    public static String summarizeNodes(String run, String documentKey) {
        return PREFIX + "summarize:{" + run + "}:nodes:" + documentKey;
    }

    /** The latest run started with the options of this key ({@code --continue} resumes it). */
    public static String summarizeLatest(String optionsKey) {
        return PREFIX + "summarize:latest:" + optionsKey;
    }

    /**
     * Hash: a document of the summarization service, by its request's id: {@code fingerprint} (what the id is bound
     * to), {@code status} ({@code queued}, {@code running}, {@code completed}, {@code failed}), {@code created_at},
     * {@code updated_at}, {@code chunks}, {@code chunks_done}, {@code calls}, {@code calls_done},
     * {@code result} (JSON, {@code summarize-result.v1.json}; set once) and {@code published_at} (once the result is on
     * {@code llm.summarize.results}).
     */
    public static String summary(String documentId) {
        return PREFIX + "summary:{" + documentId + "}";
    }

    /**
     * An API key's record (JSON), by the SHA-256 of the key (hex): the key itself is never stored. The hash sits in
     * braces.
     */
    public static String apiKey(String keyHash) {
        return PREFIX + "apikey:{" + keyHash + "}";
    }

    /** Hash: every API key's id → the SHA-256 of the key, for listing and for finding a key by its id. */
    public static String apiKeys() {
        return PREFIX + "apikeys";
    }

    /**
     * Pub/sub channel announcing a change of an API key or tenant (payload: the key's hash, or {@code *}): each
     * gateway drops what it cached of it at once.
     */
    public static String apiKeysChanged() {
        return PREFIX + "apikeys:changed";
    }

    /** A counter raised by every change of an API key or tenant: a gateway that missed a message sees it move. */
    public static String apiKeysVersion() {
        return PREFIX + "apikeys:version";
    }

    /** A tenant's own limits and budget (JSON), when it has any. */
    public static String tenant(String tenant) {
        return PREFIX + "tenant:{" + tenant + "}";
    }

    /** Hash: the names of the tenants that have limits of their own → their JSON (for listing). */
    public static String tenants() {
        return PREFIX + "tenants";
    }

    /**
     * A tenant's Bucket4j bucket ({@code kind} {@code rpm} or {@code tpm}) for one {@code scope}: {@code tenant} or
     * {@code key:<id>}. The tenant sits in braces.
     */
    public static String tenantRateLimit(String tenant, String scope, String kind) {
        return PREFIX + "ratelimit:{t:" + tenant + "}:" + scope + ":" + kind;
    }

    /**
     * Hash of a budget's counters ({@code spent}, {@code reserved}, in nano-dollars) for one scope ({@code tenant} or
     * {@code key:<id>}) and period ({@code 2026-12-06}, {@code 2026-12}). A tenant's budget keys share its slot, so one
     * script reserves against the key's and the tenant's budgets together.
     */
    public static String budget(String tenant, String scope, String period) {
        return PREFIX + "budget:{t:" + tenant + "}:" + scope + ":" + period;
    }

    /** Hash: the tenant's jobs holding a reservation → {@code <nano-dollars>|<budget key>|…}. */
    public static String budgetHolds(String tenant) {
        return PREFIX + "budget:{t:" + tenant + "}:holds";
    }

    /** Sorted set: the tenant's holds by when they lapse (epoch milliseconds), released then if never settled. */
    public static String budgetHoldExpiry(String tenant) {
        return PREFIX + "budget:{t:" + tenant + "}:hold-expiry";
    }

    /**
     * Hash: a tenant's usage on one day ({@code 2026-12-06}, UTC), fields {@code <key id>|<model>|<measure>} with
     * measures {@code requests}, {@code prompt_tokens}, {@code completion_tokens}, {@code cost_nanos}.
     */
    public static String usage(String tenant, String day) {
        return PREFIX + "usage:{t:" + tenant + "}:" + day;
    }

    /** The marker that a job's result was metered (its usage counted and its budget settled) once. */
    public static String usageMetered(String tenant, String correlationId) {
        return PREFIX + "usage:{t:" + tenant + "}:metered:" + correlationId;
    }

    /** Set: every tenant with usage recorded, for the master key's view of usage. */
    public static String usageTenants() {
        return PREFIX + "usage:tenants";
    }

    /** The tenant that owns an object of the API (a file, a batch, a pipeline), when it has one. */
    public static String owner(String kind, String id) {
        return PREFIX + "owner:" + kind + ":{" + id + "}";
    }

    /** Sorted set of a tenant's file ids by creation, of every purpose or one ({@code GET /v1/files}). */
    public static String tenantFiles(String tenant, String purpose) {
        return PREFIX + "files:t:" + tenant + ":" + (purpose == null ? "all" : purpose);
    }

    /** Sorted set of a tenant's batch ids by creation ({@code GET /v1/batches}). */
    public static String tenantBatches(String tenant) {
        return PREFIX + "batches:t:" + tenant;
    }
}
