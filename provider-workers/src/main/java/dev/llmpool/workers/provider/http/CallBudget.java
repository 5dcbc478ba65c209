package dev.llmpool.workers.provider.http;

import dev.llmpool.schemas.envelope.AttemptError;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.workers.provider.ProviderException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The time one call may take, fixed when it starts: the limits, cut by the job's deadline. Which of the two bounds
 * the call decides how running out is classified: the limit is {@code TRANSIENT} (another try may be faster), the
 * deadline {@code DEADLINE_EXCEEDED}.
 *
 * @param total         the whole call
 * @param firstToken    until the first token of a streamed call (never more than {@code total})
 * @param deadlineBound whether the job's deadline, not the limit, set {@code total}
 */
public record CallBudget(Duration total, Duration firstToken, boolean deadlineBound) {

    /**
     * The budget of a call starting now.
     *
     * @throws ProviderException {@code DEADLINE_EXCEEDED} when the deadline has already passed
     */
    public static CallBudget start(CallLimits limits, Instant deadline, Clock clock) {
        Duration total = limits.total();
        boolean deadlineBound = false;
        if (deadline != null) {
            Duration left = Duration.between(clock.instant(), deadline);
            if (!left.isPositive()) {
                throw new ProviderException(new AttemptError(ErrorClass.DEADLINE_EXCEEDED,
                        "the job's deadline passed before the provider was called", null, null, "deadline"));
            }
            if (left.compareTo(total) < 0) {
                total = left;
                deadlineBound = true;
            }
        }
        Duration firstToken = limits.firstToken().compareTo(total) < 0 ? limits.firstToken() : total;
        return new CallBudget(total, firstToken, deadlineBound);
    }

    /** The budget of a call with no deadline (tests, tools). */
    public static CallBudget of(CallLimits limits) {
        return new CallBudget(limits.total(), limits.firstToken().compareTo(limits.total()) < 0 ? limits.firstToken()
                : limits.total(), false);
    }

    /** Whether the first-token limit is tighter than the whole call's. */
    boolean firstTokenBinds() {
        return firstToken.compareTo(total) < 0;
    }
}
