package dev.llmpool.simulator.gemini;

import static dev.llmpool.simulator.gemini.GeminiGenerateContentIT.GENERATE;
import static dev.llmpool.simulator.gemini.GeminiGenerateContentIT.KEY;
import static dev.llmpool.simulator.gemini.GeminiGenerateContentIT.assertError;
import static dev.llmpool.simulator.gemini.GeminiGenerateContentIT.contents;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.simulator.ProviderSimulator;
import dev.llmpool.simulator.SimulatorSettings;
import dev.llmpool.simulator.support.MutableClock;
import dev.llmpool.simulator.support.SimulatorHttp;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The shared requests-per-minute limiter in Google's words, on a clock the test moves: no sleeping. */
class GeminiRateLimitIT {

    private final MutableClock clock = MutableClock.atFixedStart();
    private ProviderSimulator simulator;
    private SimulatorHttp http;

    @BeforeEach
    void start() {
        simulator = ProviderSimulator.start(SimulatorSettings.defaults().withRequestsPerMinute(5), clock);
        http = new SimulatorHttp(simulator);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void admitsTheLimitThenAnswersResourceExhaustedWithTheRealRetryDelay() {
        for (int i = 0; i < 5; i++) {
            assertThat(http.postWithHeaders(GENERATE, contents("request " + i), KEY).statusCode()).isEqualTo(200);
        }

        JsonNode error = assertError(http.postWithHeaders(GENERATE, contents("one too many"), KEY), 429,
                "RESOURCE_EXHAUSTED", "You exceeded your current quota");

        assertThat(error.path("message").stringValue()).contains("limit: 5, model: gemini-2.0-flash")
                .endsWith("Please retry in 12s.");
        assertThat(error.path("details").get(2).path("@type").stringValue())
                .isEqualTo("type.googleapis.com/google.rpc.RetryInfo");
        assertThat(error.path("details").get(2).path("retryDelay").stringValue()).isEqualTo("12s");
        assertThat(error.path("details").get(0).path("violations").get(0).path("quotaValue").stringValue())
                .isEqualTo("5");
        assertThat(simulator.stats().rateLimited()).isEqualTo(1);
    }

    @Test
    void aFractionalWaitIsAFractionalRetryDelay() {
        for (int i = 0; i < 5; i++) {
            http.postWithHeaders(GENERATE, contents("fill"), KEY);
        }
        clock.advance(Duration.ofMillis(10_500));

        JsonNode error = assertError(http.postWithHeaders(GENERATE, contents("early"), KEY), 429,
                "RESOURCE_EXHAUSTED", "You exceeded your current quota");
        assertThat(error.path("details").get(2).path("retryDelay").stringValue()).isEqualTo("1.500s");

        clock.advance(Duration.ofMillis(1_500));
        assertThat(http.postWithHeaders(GENERATE, contents("on time"), KEY).statusCode()).isEqualTo(200);
    }
}
