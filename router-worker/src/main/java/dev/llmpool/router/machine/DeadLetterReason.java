package dev.llmpool.router.machine;

/** Why the router dead-letters a job; the value of the {@code llmpool-dlt-reason} header. */
public enum DeadLetterReason {
    /** Every option (retries, fallbacks, the attempt limit) was used up. */
    EXHAUSTED("exhausted"),
    /** The failure cannot be helped by another attempt (a bad request, or tokens already streamed). */
    NON_RETRIABLE("non-retriable"),
    /** The job's deadline passed. */
    DEADLINE_EXCEEDED("deadline-exceeded"),
    /** The request's cost cap (or its tenant's budget) cannot pay for even the first tier of its route. */
    COST_CAP("cost-cap"),
    /** The requested model is not in the catalog. */
    MODEL_NOT_FOUND("model-not-found");

    private final String header;

    DeadLetterReason(String header) {
        this.header = header;
    }

    public String header() {
        return header;
    }
}
