package dev.llmpool.workers.attempt;

import dev.llmpool.schemas.envelope.AttemptRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * Holds an attempt until its {@code not_before} (the wait a rate-limited provider or an open circuit asked for, set
 * by the router), never past its deadline. The attempt's lease is renewed meanwhile like that of a long call, so a
 * worker that dies while waiting means redelivery, not a lost attempt. Runs on the attempt's virtual
 * thread; time comes from the injected clock.
 */
public final class StartGate {

    /** How long a waiting attempt sleeps at most before it looks at its batch's stop flag again. */
    static final Duration LOOK_AGAIN = Duration.ofMillis(250);

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
        await(request, () -> false);
    }

    /**
     * Sleeps until the attempt may start, or until {@code stopped} (looked at every {@link #LOOK_AGAIN}) says its
     * batch was stopped.
     */
    public void await(AttemptRequest request, BooleanSupplier stopped) {
        try {
            for (Duration left = remaining(request); !left.isZero(); left = remaining(request)) {
                if (stopped.getAsBoolean()) {
                    return;
                }
                Thread.sleep(left.compareTo(LOOK_AGAIN) < 0 ? left : LOOK_AGAIN);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while attempt " + request.attemptId() + " waited to start", e);
        }
    }
}
