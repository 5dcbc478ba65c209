package dev.llmpool.workers.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.schemas.envelope.AttemptError;
import dev.llmpool.schemas.envelope.ErrorClass;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RetryWaitsTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    /** A random source that always draws {@code value}. */
    private static RandomGenerator drawing(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }

    private static AttemptError error(ErrorClass errorClass, Long retryAfterMs) {
        return new AttemptError(errorClass, "x", 429, retryAfterMs, null);
    }

    @Test
    void withoutAProviderWaitTheConfiguredBackoffIsUsed() {
        RetryWaits waits = new RetryWaits(CLOCK, drawing(0.9), Duration.ofSeconds(10), 0.2);
        assertThat(waits.waitMs(error(ErrorClass.TRANSIENT, null), 750, null)).isEqualTo(750);
    }

    @Test
    void theProvidersWaitWinsOverAShorterBackoffWithUpToItsJitterAdded() {
        RetryWaits none = new RetryWaits(CLOCK, drawing(0.0), Duration.ofSeconds(10), 0.2);
        RetryWaits most = new RetryWaits(CLOCK, drawing(0.99), Duration.ofSeconds(10), 0.2);
        assertThat(none.waitMs(error(ErrorClass.RATE_LIMITED, 2_000L), 500, null)).isEqualTo(2_000);
        assertThat(most.waitMs(error(ErrorClass.RATE_LIMITED, 2_000L), 500, null)).isEqualTo(2_396);
    }

    @Test
    void aLongerBackoffWinsOverAShortProviderWait() {
        RetryWaits waits = new RetryWaits(CLOCK, drawing(0.0), Duration.ofSeconds(10), 0.2);
        assertThat(waits.waitMs(error(ErrorClass.RATE_LIMITED, 100L), 4_000, null)).isEqualTo(4_000);
    }

    @Test
    void aProviderWaitBeyondTheCapIsNotSleptInTheWorker() {
        RetryWaits waits = new RetryWaits(CLOCK, drawing(0.0), Duration.ofSeconds(10), 0.2);
        assertThat(waits.waitMs(error(ErrorClass.RATE_LIMITED, 36_000L), 500, null)).isEqualTo(RetryWaits.GIVE_UP);
        assertThat(waits.waitMs(error(ErrorClass.RATE_LIMITED, 10_000L), 500, null))
                .as("a wait at the cap is slept, its jitter cut at the cap").isEqualTo(10_000);
    }

    @Test
    void noRetryWhoseWaitWouldEndAtOrPastTheDeadline() {
        RetryWaits waits = new RetryWaits(CLOCK, drawing(0.0), Duration.ofSeconds(10), 0.2);
        assertThat(waits.waitMs(error(ErrorClass.RATE_LIMITED, 3_000L), 500, NOW.plusMillis(3_000)))
                .isEqualTo(RetryWaits.GIVE_UP);
        assertThat(waits.waitMs(error(ErrorClass.RATE_LIMITED, 3_000L), 500, NOW.plusMillis(3_001)))
                .isEqualTo(3_000);
        assertThat(waits.waitMs(error(ErrorClass.TRANSIENT, null), 800, NOW.plusMillis(500)))
                .isEqualTo(RetryWaits.GIVE_UP);
    }
}
