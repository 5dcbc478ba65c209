package dev.llmpool.batch.summarize.run;

/**
 * Whose a pipeline's jobs are: the tenant they belong to and the key that asked for the pipeline, so their usage
 * and budgets are that tenant's and key's. Both null for the operator's own runs.
 */
public record JobOwner(String tenant, String keyId) {

    public static final JobOwner NONE = new JobOwner(null, null);
}
