package dev.llmpool.simulator.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmpool.simulator.SimulatorSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class SettingsPatchTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final SimulatorSettings current = SimulatorSettings.defaults().withPort(1234);

    @Test
    void changesOnlyTheGivenFields() {
        SimulatorSettings next = SettingsPatch.apply(current, JSON.readTree("""
                {"latency":"250ms","ttft":40,"tps":12.5,"errorRate":0.1,"rateLimitErrorRate":0.2,"rpm":60,
                  "defaultCompletionTokens":8,"seed":5,"models":["m1","m2"]}
                """));

        assertThat(next).isEqualTo(new SimulatorSettings("127.0.0.1", 1234, Duration.ofMillis(250),
                Duration.ofMillis(40), 12.5, 0.1, 0.2, 60, 8, 5, java.util.Set.of("m1", "m2")));
    }

    @Test
    void emptyPatchChangesNothing() {
        assertThat(SettingsPatch.apply(current, JSON.readTree("{}"))).isEqualTo(current);
    }

    @Test
    void acceptsIsoDurationsAndLongNames() {
        SimulatorSettings next = SettingsPatch.apply(current,
                JSON.readTree("{\"timeToFirstToken\":\"PT0.5S\",\"tokensPerSecond\":3,\"requestsPerMinute\":7}"));

        assertThat(next.timeToFirstToken()).isEqualTo(Duration.ofMillis(500));
        assertThat(next.tokensPerSecond()).isEqualTo(3);
        assertThat(next.requestsPerMinute()).isEqualTo(7);
    }

    @Test
    void rejectsUnknownFieldsBadValuesAndBindingChanges() {
        assertThatThrownBy(() -> SettingsPatch.apply(current, JSON.readTree("{\"latencyMs\":5}")))
                .hasMessageContaining("unknown setting 'latencyMs'");
        assertThatThrownBy(() -> SettingsPatch.apply(current, JSON.readTree("{\"port\":5}")))
                .hasMessageContaining("cannot change");
        assertThatThrownBy(() -> SettingsPatch.apply(current, JSON.readTree("{\"errorRate\":\"high\"}")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SettingsPatch.apply(current, JSON.readTree("{\"errorRate\":3}")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SettingsPatch.apply(current, JSON.readTree("[1]")))
                .hasMessageContaining("JSON object");
    }
}
