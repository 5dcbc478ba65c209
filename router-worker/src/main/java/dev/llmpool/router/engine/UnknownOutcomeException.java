package dev.llmpool.router.engine;

import dev.llmpool.router.machine.AttemptRecord;
import dev.llmpool.schemas.envelope.AttemptOutcome;

/**
 * An outcome the router can never use, refused before any decision: its job has no record, it names an attempt
 * the router never published, or it names the current attempt with another id, provider or model than the router
 * published it with. No retry helps, so it goes straight to its dead letter with {@link #reason()}, and the
 * job (if any) is left as it is: such an outcome is not evidence that the job went wrong.
 */
public final class UnknownOutcomeException extends RuntimeException {

    /** The dead letter's reason when the outcome's job has no record in Redis. */
    public static final String UNKNOWN_JOB = "unknown-job";
    /** The dead letter's reason when the job exists but the router never published the outcome's attempt. */
    public static final String UNKNOWN_ATTEMPT = "unknown-attempt";

    /** The dead letter's reason when the outcome names the current attempt but not as the router published it. */
    public static final String ATTEMPT_MISMATCH = "attempt-mismatch";

    private final String reason;

    private UnknownOutcomeException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public static UnknownOutcomeException unknownJob(String correlationId) {
        return new UnknownOutcomeException(UNKNOWN_JOB, "job " + correlationId + " does not exist");
    }

    /** @param routed the latest attempt the router published for the job (0 before the first) */
    public static UnknownOutcomeException unknownAttempt(String attemptId, int routed) {
        return new UnknownOutcomeException(UNKNOWN_ATTEMPT, "attempt " + attemptId
                + " was never published: the job's latest attempt is " + routed);
    }

    /** The outcome names the job's current attempt, but with another attempt id, provider or model. */
    public static UnknownOutcomeException mismatch(AttemptOutcome outcome, AttemptRecord published) {
        return new UnknownOutcomeException(ATTEMPT_MISMATCH, "outcome " + outcome.attemptId() + " of "
                + outcome.provider() + "/" + outcome.model() + " does not match attempt " + published.attempt()
                + " as published: " + published.attemptId() + " of " + published.provider() + "/"
                + published.model());
    }

    /** The {@code llmpool-dlt-reason} of the outcome's dead letter. */
    public String reason() {
        return reason;
    }
}
