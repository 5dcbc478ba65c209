package dev.llmpool.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SimulatorArgsTest {

    @Test
    void noArgumentsMeansDefaultsOnPort8090() {
        assertThat(SimulatorArgs.parse()).isEqualTo(SimulatorSettings.defaults().withPort(8090));
    }

    @Test
    void readsEveryOption() {
        SimulatorSettings settings = SimulatorArgs.parse("--port=0", "--host=0.0.0.0", "--latency=250ms", "--ttft=1s",
                "--tps=40", "--error-rate=0.1", "--rate-limit-error-rate=0.2", "--rpm=600", "--tokens=32", "--seed=9",
                "--models=a, b,c");

        assertThat(settings.port()).isZero();
        assertThat(settings.host()).isEqualTo("0.0.0.0");
        assertThat(settings.latency()).isEqualTo(Duration.ofMillis(250));
        assertThat(settings.timeToFirstToken()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.tokensPerSecond()).isEqualTo(40);
        assertThat(settings.errorRate()).isEqualTo(0.1);
        assertThat(settings.rateLimitErrorRate()).isEqualTo(0.2);
        assertThat(settings.requestsPerMinute()).isEqualTo(600);
        assertThat(settings.defaultCompletionTokens()).isEqualTo(32);
        assertThat(settings.seed()).isEqualTo(9);
        assertThat(settings.models()).containsExactly("a", "b", "c");
    }

    @Test
    void rejectsUnknownOrMalformedOptions() {
        assertThatThrownBy(() -> SimulatorArgs.parse("--nope=1")).hasMessageContaining("--nope");
        assertThatThrownBy(() -> SimulatorArgs.parse("--port")).hasMessageContaining("--option=value");
        assertThatThrownBy(() -> SimulatorArgs.parse("--rpm=lots")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> SimulatorArgs.parse("--error-rate=2")).isInstanceOf(IllegalArgumentException.class);
    }
}
