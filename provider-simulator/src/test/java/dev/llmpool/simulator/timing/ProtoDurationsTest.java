package dev.llmpool.simulator.timing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProtoDurationsTest {

    @Test
    void wholeSecondsHaveNoFraction() {
        assertThat(ProtoDurations.format(Duration.ofSeconds(36))).isEqualTo("36s");
        assertThat(ProtoDurations.format(Duration.ZERO)).isEqualTo("0s");
    }

    @Test
    void fractionsUseThreeSixOrNineDigits() {
        assertThat(ProtoDurations.format(Duration.ofMillis(1500))).isEqualTo("1.500s");
        assertThat(ProtoDurations.format(Duration.ofNanos(250_000))).isEqualTo("0.000250s");
        assertThat(ProtoDurations.format(Duration.ofNanos(36_520_812_001L))).isEqualTo("36.520812001s");
    }

    @Test
    void negativeDurationsAreRejected() {
        assertThatThrownBy(() -> ProtoDurations.format(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
