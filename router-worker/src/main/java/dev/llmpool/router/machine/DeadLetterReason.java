package dev.llmpool.router.machine;

/** Why the router dead-letters a job; the value of the {@code llmpool-dlt-reason} header. */
public enum DeadLetterReason {
    /** Every option (retries, fallbacks, waits, the attempt limit) was used up. */
    EXHAUSTED("exhausted"),
    /** The failure cannot be helped by another attempt (a bad request, an error inside the pool). */
    NON_RETRIABLE("non-retriable"),
    /** The attempt failed after tokens had reached the client: another attempt would splice two answers. */
    STREAM_INTERRUPTED("stream-interrupted"),
    /** The job's deadline passed, or the wait the provider asked for would pass it. */
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
