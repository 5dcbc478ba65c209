package dev.llmpool.workers.attempt;

import dev.llmpool.schemas.envelope.AttemptRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Holds an attempt until its {@code not_before} (the wait a rate-limited provider or an open circuit asked for, set
 * by the router), never past its deadline. The attempt's lease is renewed meanwhile like that of a long call, so a
 * worker that dies while waiting means redelivery, not a lost attempt. Runs on the attempt's virtual
 * thread; time comes from the injected clock.
 */
public final class StartGate {

    private final Clock clock;

    public StartGate(Clock clock) {
        this.clock = clock;
    }

    /** How long the attempt must still wait, zero when it may start now. */
    public Duration remaining(AttemptRequest request) {
        Instant notBefore = request.notBefore();
        if (notBefore == null) {
            return Duration.ZERO;
        }
        Instant until = request.deadline() != null && request.deadline().isBefore(notBefore)
                ? request.deadline() : notBefore;
        Duration left = Duration.between(clock.instant(), until);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** Sleeps until the attempt may start. */
    public void await(AttemptRequest request) {
        Duration left = remaining(request);
        if (left.isZero()) {
            return;
        }
        try {
            Thread.sleep(left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while attempt " + request.attemptId() + " waited to start", e);
        }
    }
}
