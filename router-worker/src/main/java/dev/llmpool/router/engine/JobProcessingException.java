package dev.llmpool.router.engine;

/** Handling a record of one job failed; names the job, so a record given up on can end its job. */
public final class JobProcessingException extends RuntimeException {

    private final String correlationId;

    public JobProcessingException(String correlationId, RuntimeException cause) {
        super("job " + correlationId + ": " + cause, cause);
        this.correlationId = correlationId;
    }

    public String correlationId() {
        return correlationId;
    }
}
