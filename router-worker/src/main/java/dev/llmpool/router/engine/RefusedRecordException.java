package dev.llmpool.router.engine;

import dev.llmpool.router.machine.AttemptRecord;
import dev.llmpool.schemas.envelope.AttemptOutcome;

/**
 * A record the router can never use, refused before any decision: an outcome whose job has no record, that names
 * an attempt the router never published, or that names the current attempt with another id, provider or model than
 * the router published it with; a request whose correlation id already names a job created by a different
 * request. No retry helps, so it goes straight to its dead letter with {@link #reason()}, and the job (if any) is left
 * as it is: such a record is not evidence that the job went wrong.
 */
public final class RefusedRecordException extends RuntimeException {

    /** The dead letter's reason when the outcome's job has no record in Redis. */
    public static final String UNKNOWN_JOB = "unknown-job";
    /** The dead letter's reason when the job exists but the router never published the outcome's attempt. */
    public static final String UNKNOWN_ATTEMPT = "unknown-attempt";

    /** The dead letter's reason when the outcome names the current attempt but not as the router published it. */
    public static final String ATTEMPT_MISMATCH = "attempt-mismatch";

    /** The dead letter's reason when a request reuses the correlation id of a job another request created. */
    public static final String CORRELATION_ID_CONFLICT = "correlation-id-conflict";

    private final String reason;

    private RefusedRecordException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public static RefusedRecordException unknownJob(String correlationId) {
        return new RefusedRecordException(UNKNOWN_JOB, "job " + correlationId + " does not exist");
    }

    /** @param routed the latest attempt the router published for the job (0 before the first) */
    public static RefusedRecordException unknownAttempt(String attemptId, int routed) {
        return new RefusedRecordException(UNKNOWN_ATTEMPT, "attempt " + attemptId
                + " was never published: the job's latest attempt is " + routed);
    }

    /** The outcome names the job's current attempt, but with another attempt id, provider or model. */
    public static RefusedRecordException mismatch(AttemptOutcome outcome, AttemptRecord published) {
        return new RefusedRecordException(ATTEMPT_MISMATCH, "outcome " + outcome.attemptId() + " of "
                + outcome.provider() + "/" + outcome.model() + " does not match attempt " + published.attempt()
                + " as published: " + published.attemptId() + " of " + published.provider() + "/"
                + published.model());
    }

    public static RefusedRecordException conflictingRequest(String correlationId) {
        return new RefusedRecordException(CORRELATION_ID_CONFLICT, "job " + correlationId
                + " exists and was created by a different request (another body, model, tenant or options under the"
                + " same correlation id); publish a new request under a new id");
    }

    /** The {@code llmpool-dlt-reason} of the outcome's dead letter. */
    public String reason() {
        return reason;
    }
}
