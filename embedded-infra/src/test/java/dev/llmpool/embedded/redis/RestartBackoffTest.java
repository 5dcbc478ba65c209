package dev.llmpool.embedded.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartBackoffTest {

    private final RestartBackoff backoff = new RestartBackoff(Duration.ofMillis(250), Duration.ofSeconds(2),
            Duration.ofSeconds(30));

    @Test
    void theWaitDoublesWithEachFailureInARowUpToTheBound() {
        assertThat(backoff.delay(1)).isEqualTo(Duration.ofMillis(250));
        assertThat(backoff.delay(2)).isEqualTo(Duration.ofMillis(500));
        assertThat(backoff.delay(4)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.delay(5)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.delay(1_000)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aServerThatDiesSoonAfterStartingCountsAsAnotherFailureInARow() {
        assertThat(backoff.failuresAfterDeath(3, Duration.ofSeconds(5))).isEqualTo(4);
    }

    @Test
    void aServerThatRanForAWhileStartsTheCountOver() {
        assertThat(backoff.failuresAfterDeath(3, Duration.ofSeconds(30))).isEqualTo(1);
    }
}
