package dev.llmpool.simulator.admin;

import static dev.llmpool.simulator.support.SimulatorHttp.chat;
import static dev.llmpool.simulator.support.SimulatorHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.simulator.ProviderSimulator;
import dev.llmpool.simulator.SimulatorSettings;
import dev.llmpool.simulator.support.SimulatorHttp;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AdminIT {

    private ProviderSimulator simulator;
    private SimulatorHttp http;

    @BeforeEach
    void start() {
        simulator = ProviderSimulator.start(SimulatorSettings.defaults());
        http = new SimulatorHttp(simulator);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void statsAreServedAsJson() {
        http.post("/v1/chat/completions", chat("gpt-4o-mini", "one"));
        http.post("/v1/chat/completions", chat("gpt-4o-mini", "two [sim:status=503]"));
        JsonNode streaming = chat("gpt-4o-mini", "three");
        ((tools.jackson.databind.node.ObjectNode) streaming).put("stream", true);
        http.post("/v1/chat/completions", streaming);

        JsonNode stats = json(http.get("/_sim/stats"));

        assertThat(stats.path("requests").longValue()).isEqualTo(3);
        assertThat(stats.path("completed").longValue()).isEqualTo(2);
        assertThat(stats.path("streamed").longValue()).isEqualTo(1);
        assertThat(stats.path("completionTokens").longValue()).isEqualTo(32);
        assertThat(stats.path("errorsByStatus").path("503").longValue()).isEqualTo(1);
    }

    @Test
    void statsResetWithDelete() {
        http.post("/v1/chat/completions", chat("gpt-4o-mini", "one"));

        assertThat(json(http.delete("/_sim/stats")).path("requests").longValue()).isZero();
        assertThat(simulator.stats().requests()).isZero();
    }

    @Test
    void settingsUpdatePartiallyAndLive() {
        HttpResponse<String> response = http.post("/_sim/settings",
                "{\"latency\":\"0ms\",\"rpm\":120,\"defaultCompletionTokens\":4,\"errorRate\":0}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("requestsPerMinute").intValue()).isEqualTo(120);
        assertThat(json(response).path("port").intValue()).isEqualTo(simulator.port());
        assertThat(simulator.settings().requestsPerMinute()).isEqualTo(120);
        assertThat(simulator.settings().defaultCompletionTokens()).isEqualTo(4);
        assertThat(simulator.settings().latency()).isEqualTo(Duration.ZERO);

        JsonNode completion = json(http.post("/v1/chat/completions", chat("gpt-4o-mini", "short")));
        assertThat(completion.path("usage").path("completion_tokens").intValue()).isEqualTo(4);
        assertThat(json(http.get("/_sim/settings")).path("defaultCompletionTokens").intValue()).isEqualTo(4);
    }

    @Test
    void badSettingsAreRejectedAndChangeNothing() {
        SimulatorSettings before = simulator.settings();

        assertThat(http.post("/_sim/settings", "{\"errorRate\":7}").statusCode()).isEqualTo(400);
        assertThat(http.post("/_sim/settings", "{\"nope\":1}").statusCode()).isEqualTo(400);
        assertThat(http.post("/_sim/settings", "{nope").statusCode()).isEqualTo(400);
        assertThat(json(http.post("/_sim/settings", "{\"port\":1}")).path("error").path("message").stringValue())
                .contains("cannot change");
        assertThat(simulator.settings()).isEqualTo(before);
    }

    @Test
    void unknownAdminPathsAre404() {
        assertThat(http.get("/_sim/nothing").statusCode()).isEqualTo(404);
    }
}
