package dev.llmpool.gateway.jobs;

import java.time.Duration;
import java.time.Instant;

/** A job's deadline: now plus the timeout the client asked for, else the default, never beyond the maximum. Pure. */
public final class Deadlines {

    private Deadlines() {
    }

    /**
     * @param requested the client's timeout, or null for the default
     */
    public static Instant deadline(Instant now, Duration requested, Duration defaultTimeout, Duration max) {
        Duration timeout = requested == null ? defaultTimeout : requested;
        if (timeout.compareTo(max) > 0) {
            timeout = max;
        }
        return now.plus(timeout);
    }
}
