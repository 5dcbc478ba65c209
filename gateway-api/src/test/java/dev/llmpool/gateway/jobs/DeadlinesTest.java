package dev.llmpool.gateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeadlinesTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void theClientsTimeoutWinsUpToTheMaximum() {
        assertThat(Deadlines.deadline(NOW, Duration.ofMillis(500), Duration.ofSeconds(120), Duration.ofMinutes(10)))
                .isEqualTo(NOW.plusMillis(500));
        assertThat(Deadlines.deadline(NOW, Duration.ofHours(2), Duration.ofSeconds(120), Duration.ofMinutes(10)))
                .isEqualTo(NOW.plus(Duration.ofMinutes(10)));
    }

    @Test
    void withoutATimeoutTheDefaultApplies() {
        assertThat(Deadlines.deadline(NOW, null, Duration.ofSeconds(120), Duration.ofMinutes(10)))
                .isEqualTo(NOW.plusSeconds(120));
    }
}
