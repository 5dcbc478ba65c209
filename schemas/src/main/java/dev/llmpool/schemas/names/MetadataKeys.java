package dev.llmpool.schemas.names;

/** Keys of a job's {@code metadata} that the pool itself reads. */
public final class MetadataKeys {

    /** The batch a job is a line of: the router copies it into each attempt's {@code batch_id}. */
    public static final String BATCH_ID = "llmpool_batch_id";

    private MetadataKeys() {
    }
}
