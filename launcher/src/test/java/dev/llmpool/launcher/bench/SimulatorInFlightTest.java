package dev.llmpool.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.schemas.json.JsonCodec;
import org.junit.jupiter.api.Test;

class SimulatorInFlightTest {

    @Test
    void theStatsLiveBesideTheOpenAiBaseUrl() {
        assertThat(SimulatorInFlight.statsUri("http://127.0.0.1:8090/v1")).hasToString("http://127.0.0.1:8090/_sim/stats");
        assertThat(SimulatorInFlight.statsUri("http://127.0.0.1:8090/v1/")).hasToString("http://127.0.0.1:8090/_sim/stats");
    }

    @Test
    void callsInFlightAreThoseReceivedAndNotYetAnsweredOrFailed() {
        var stats = new JsonCodec().readTree("""
                {"requests":2500,"completed":400,"streamed":2400,"rateLimited":3,"streamErrors":2,
                 "promptTokens":1,"completionTokens":1,"errorsByStatus":{"429":3,"500":5}}""");
        assertThat(SimulatorInFlight.inFlight(stats)).isEqualTo(2500 - 400 - 8 - 2);
    }
}
