package dev.llmpool.gateway.jobs;

import dev.llmpool.core.redis.EventTail;
import dev.llmpool.core.redis.StreamEntry;
import dev.llmpool.gateway.error.ApiException;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.envelope.ResultError;
import dev.llmpool.schemas.envelope.StreamEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Waits on a job's event tail for its terminal event, up to the job's deadline (time from the injected clock). */
public class JobWaiter {

    private final Clock clock;

    public JobWaiter(Clock clock) {
        this.clock = clock;
    }

    public JobEnding await(EventTail tail, Instant deadline) {
        try {
            while (true) {
                Duration left = Duration.between(clock.instant(), deadline);
                if (left.isNegative() || left.isZero()) {
                    return new JobEnding.TimedOut();
                }
                StreamEntry entry = tail.poll(left);
                if (entry == null) {
                    continue;
                }
                StreamEvent event = entry.event();
                if (event.type() == StreamEvent.Type.COMPLETED && event.result() != null) {
                    return new JobEnding.Completed(event.result());
                }
                if (event.type() == StreamEvent.Type.FAILED) {
                    return new JobEnding.Failed(failure(event));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.internal("The gateway was interrupted while waiting for the job.");
        }
    }

    /** The error of a failed event: its own, else its result's, else an internal error. */
    public static ResultError failure(StreamEvent event) {
        if (event.error() != null) {
            return event.error();
        }
        if (event.result() != null && event.result().error() != null) {
            return event.result().error();
        }
        return ResultError.of(ErrorClass.INTERNAL, "The job failed without saying why.");
    }
}
