package dev.llmpool.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimulatorSettingsTest {

    @Test
    void defaultsAreFastAndFaultFree() {
        SimulatorSettings defaults = SimulatorSettings.defaults();

        assertThat(defaults.host()).isEqualTo("127.0.0.1");
        assertThat(defaults.port()).isZero();
        assertThat(defaults.latency()).isZero();
        assertThat(defaults.timeToFirstToken()).isZero();
        assertThat(defaults.tokensPerSecond()).isZero();
        assertThat(defaults.errorRate()).isZero();
        assertThat(defaults.rateLimitErrorRate()).isZero();
        assertThat(defaults.requestsPerMinute()).isZero();
        assertThat(defaults.defaultCompletionTokens()).isEqualTo(16);
        assertThat(defaults.models()).containsExactly("gpt-4o-mini", "gpt-4o", "gpt-4.1-nano", "o3-mini");
    }

    @Test
    void withersChangeOneFieldEach() {
        SimulatorSettings changed = SimulatorSettings.defaults()
                .withHost("0.0.0.0").withPort(9000).withLatency(Duration.ofMillis(5))
                .withTimeToFirstToken(Duration.ofMillis(7)).withTokensPerSecond(50).withErrorRate(0.1)
                .withRateLimitErrorRate(0.2).withRequestsPerMinute(60).withDefaultCompletionTokens(8).withSeed(3)
                .withModels(Set.of("x"));

        assertThat(changed).isEqualTo(new SimulatorSettings("0.0.0.0", 9000, Duration.ofMillis(5), Duration.ofMillis(7),
                50, 0.1, 0.2, 60, 8, 3, Set.of("x")));
    }

    @Test
    void modelsAreCopiedInOrderAndImmutable() {
        Set<String> models = new LinkedHashSet<>(List.of("b", "a"));
        SimulatorSettings settings = SimulatorSettings.defaults().withModels(models);
        models.add("c");

        assertThat(settings.models()).containsExactly("b", "a");
        assertThatThrownBy(() -> settings.models().add("d")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rejectsNonsense() {
        SimulatorSettings defaults = SimulatorSettings.defaults();

        assertThatThrownBy(() -> defaults.withHost(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withPort(70_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withLatency(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withTimeToFirstToken(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> defaults.withTokensPerSecond(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withTokensPerSecond(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withErrorRate(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withErrorRate(0.6).withRateLimitErrorRate(0.6))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withRequestsPerMinute(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withDefaultCompletionTokens(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
