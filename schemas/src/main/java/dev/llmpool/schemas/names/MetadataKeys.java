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

    private MetadataKeys() {
    }
}
