package dev.llmpool.router.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PollBudgetTest {

    @Test
    void aPollEndsWellBeforeTheConsumersMaxPollIntervalWhateverTheRetrySettings() {
        Duration maxPollInterval = Duration.ofSeconds(6);

        PollBudget budget = PollBudget.of(Duration.ofMillis(200), 50, Duration.ofMinutes(10), maxPollInterval);

        assertThat(budget.retryBudget()).isEqualTo(Duration.ofSeconds(2));
        assertThat(budget.stopAfter()).isGreaterThan(budget.retryBudget());
        assertThat(budget.stopAfter().plus(budget.stopGrace())).isLessThan(maxPollInterval);
    }

    @Test
    void aRetryBudgetBelowTheLimitIsKept() {
        PollBudget budget = PollBudget.of(Duration.ofMillis(200), 50, Duration.ofSeconds(10), Duration.ofMinutes(5));

        assertThat(budget.retryBudget()).isEqualTo(Duration.ofSeconds(10));
        assertThat(budget.backoff()).isEqualTo(Duration.ofMillis(200));
        assertThat(budget.maxRetries()).isEqualTo(50);
    }
}
