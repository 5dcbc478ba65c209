package dev.llmpool.schemas.names;

/** Keys of a job's {@code metadata} that the pool itself reads. */
public final class MetadataKeys {

    /** The batch a job is a line of: the router copies it into each attempt's {@code batch_id}. */
    public static final String BATCH_ID = "llmpool_batch_id";

    /**
     * The id of the API key that submitted a job (set by the gateway, never taken from a client): usage and budgets
     * are counted per key.
     */
    public static final String KEY_ID = "llmpool_key_id";

    /**
     * What a job's admission reserved against its tenant's and key's budgets, nano-dollars (set by the gateway or
     * the batch runner, never taken from a client): the router counts it as room the job itself may spend. Not part
     * of the job's fingerprint.
     */
    public static final String BUDGET_HOLD = "llmpool_budget_hold_nanos";

    private MetadataKeys() {
    }
}
