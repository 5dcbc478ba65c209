package dev.llmpool.router.kafka;

import dev.llmpool.router.effects.NotReadyException;
import dev.llmpool.router.engine.JobProcessingException;
import dev.llmpool.router.engine.RefusedRecordException;
import java.time.DateTimeException;
import java.util.List;
import tools.jackson.core.JacksonException;

/**
 * What a failure to handle a record means, the one reading of it for both the retries and the dead letter.
 *
 * @param reason    the dead letter's {@code llmpool-dlt-reason}: {@code unknown-job} / {@code unknown-attempt} /
 *                  {@code attempt-mismatch} (an outcome the router can never use), {@code correlation-id-conflict}
 *                  (a request reusing another request's job id), {@code not-routable} (an outcome that overtook its
 *                  job's routing and was never caught up with), {@code processing-failed} (anything else)
 * @param detail    what went wrong, for the dead letter
 * @param job       the job to end as failed when the record is given up on, or null (the failure belongs to no job,
 *                  or, for an unknown outcome, says nothing against the job it names)
 * @param retriable whether handling the record again may succeed: not for an unknown outcome, nor for an error of
 *                  the pool's own code or data (an overflow, an unreadable state), which would fail the same way
 */
public record RecordFailure(String reason, String detail, String job, boolean retriable) {

    public static final String NOT_ROUTABLE = "not-routable";
    public static final String PROCESSING_FAILED = "processing-failed";

    /** Failures that come out the same every time for the same record. */
    private static final List<Class<? extends Throwable>> DETERMINISTIC = List.of(ArithmeticException.class,
            NullPointerException.class, ClassCastException.class, IllegalArgumentException.class,
            IndexOutOfBoundsException.class, UnsupportedOperationException.class, DateTimeException.class,
            JacksonException.class);

    public static RecordFailure of(Throwable failure) {
        String job = null;
        Throwable root = failure;
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof RefusedRecordException unknown) {
                return new RecordFailure(unknown.reason(), unknown.getMessage(), null, false);
            }
            if (cause instanceof JobProcessingException processing && job == null) {
                job = processing.correlationId();
            }
            root = cause;
        }
        if (root instanceof NotReadyException) {
            return new RecordFailure(NOT_ROUTABLE, root.toString(), job, true);
        }
        Throwable last = root;
        boolean deterministic = DETERMINISTIC.stream().anyMatch(type -> type.isInstance(last));
        return new RecordFailure(PROCESSING_FAILED, root.toString(), job, !deterministic);
    }
}
