package dev.llmpool.simulator.timing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Paces responses: waits for latency, time to first token and tokens per second. A zero wait never sleeps nor
 * reads the clock, so a simulator at 0 ms costs nothing here. Waits are measured on {@link System#nanoTime()},
 * which measures elapsed time; wall-clock facts (timestamps, rate-limit windows) come from the injected
 * {@link java.time.Clock} elsewhere.
 */
public final class Pacer {

    private static final double NANOS_PER_SECOND = 1e9;

    /** Sleeps {@code duration}; returns at once when it is zero or negative. */
    public void pause(Duration duration) throws InterruptedException {
        if (duration.isNegative() || duration.isZero()) {
            return;
        }
        TimeUnit.NANOSECONDS.sleep(duration.toNanos());
    }

    /** Time a non-streamed answer of {@code tokens} tokens takes to generate: first token, then the rest. */
    public Duration generationTime(Duration timeToFirstToken, double tokensPerSecond, int tokens) {
        if (tokensPerSecond <= 0 || tokens <= 1) {
            return timeToFirstToken;
        }
        return timeToFirstToken.plusNanos((long) ((tokens - 1) * NANOS_PER_SECOND / tokensPerSecond));
    }

    /** A schedule for streamed tokens starting now: token {@code i} is due at ttft + i / tps. */
    public TokenSchedule schedule(Duration timeToFirstToken, double tokensPerSecond) {
        boolean paced = !timeToFirstToken.isZero() || tokensPerSecond > 0;
        return new TokenSchedule(paced ? System.nanoTime() : 0L, timeToFirstToken.toNanos(),
                tokensPerSecond > 0 ? NANOS_PER_SECOND / tokensPerSecond : 0, paced);
    }

    /** Deadlines of streamed tokens, computed from the start so sleeping errors do not add up. */
    public static final class TokenSchedule {
        private final long startNanos;
        private final long firstTokenNanos;
        private final double nanosPerToken;
        private final boolean paced;

        private TokenSchedule(long startNanos, long firstTokenNanos, double nanosPerToken, boolean paced) {
            this.startNanos = startNanos;
            this.firstTokenNanos = firstTokenNanos;
            this.nanosPerToken = nanosPerToken;
            this.paced = paced;
        }

        /** Whether tokens wait for their time at all; unpaced streams can be written in one go. */
        public boolean paced() {
            return paced;
        }

        /** Waits until token {@code index} (0-based) is due. */
        public void awaitToken(int index) throws InterruptedException {
            if (!paced) {
                return;
            }
            long due = startNanos + firstTokenNanos + (long) (index * nanosPerToken);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
        }
    }
}
