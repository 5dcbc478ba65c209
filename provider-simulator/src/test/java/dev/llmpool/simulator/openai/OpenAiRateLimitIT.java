package dev.llmpool.simulator.openai;

import static dev.llmpool.simulator.support.SimulatorHttp.chat;
import static dev.llmpool.simulator.support.SimulatorHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.simulator.ProviderSimulator;
import dev.llmpool.simulator.SimulatorSettings;
import dev.llmpool.simulator.support.MutableClock;
import dev.llmpool.simulator.support.SimulatorHttp;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real requests-per-minute limiter over HTTP, on a clock the test moves: no sleeping. */
class OpenAiRateLimitIT {

    private static final String PATH = "/v1/chat/completions";

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
    void admitsTheLimitThenAnswers429WithTheRealWait() {
        for (int i = 1; i <= 5; i++) {
            HttpResponse<String> ok = http.post(PATH, chat("gpt-4o-mini", "request " + i));
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("x-ratelimit-limit-requests")).hasValue("5");
            assertThat(ok.headers().firstValue("x-ratelimit-remaining-requests")).hasValue(Integer.toString(5 - i));
            assertThat(ok.headers().firstValue("x-ratelimit-reset-requests")).hasValue(i * 12 >= 60 ? "1m0s" : i * 12 + "s");
        }

        HttpResponse<String> limited = http.post(PATH, chat("gpt-4o-mini", "one too many"));

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(json(limited).path("error").path("code").stringValue()).isEqualTo("rate_limit_exceeded");
        assertThat(json(limited).path("error").path("type").stringValue()).isEqualTo("requests");
        assertThat(json(limited).path("error").path("message").stringValue()).contains("Limit 5").contains("12s");
        assertThat(limited.headers().firstValue("retry-after")).hasValue("12");
        assertThat(limited.headers().firstValue("retry-after-ms")).hasValue("12000");
        assertThat(limited.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("0");
        assertThat(limited.headers().firstValue("x-ratelimit-reset-requests")).hasValue("1m0s");
        assertThat(simulator.stats().rateLimited()).isEqualTo(1);
    }

    @Test
    void admitsAgainOnceTheClockPassesTheRetryAfter() {
        for (int i = 0; i < 5; i++) {
            http.post(PATH, chat("gpt-4o-mini", "fill"));
        }
        clock.advance(Duration.ofSeconds(11));
        HttpResponse<String> early = http.post(PATH, chat("gpt-4o-mini", "early"));
        assertThat(early.statusCode()).isEqualTo(429);
        assertThat(early.headers().firstValue("retry-after-ms")).hasValue("1000");

        clock.advance(Duration.ofSeconds(1));

        assertThat(http.post(PATH, chat("gpt-4o-mini", "on time")).statusCode()).isEqualTo(200);
    }

    @Test
    void admittedRequestsCountEvenWhenTheyFailLater() {
        for (int i = 0; i < 5; i++) {
            assertThat(http.post(PATH, "not json").statusCode()).isEqualTo(400);
        }

        assertThat(http.post(PATH, chat("gpt-4o-mini", "valid")).statusCode()).isEqualTo(429);
    }

    @Test
    void raisingTheLimitLiveAdmitsAtOnce() {
        for (int i = 0; i < 6; i++) {
            http.post(PATH, chat("gpt-4o-mini", "fill"));
        }

        simulator.updateSettings(simulator.settings().withRequestsPerMinute(600));

        HttpResponse<String> response = http.post(PATH, chat("gpt-4o-mini", "more room"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-ratelimit-limit-requests")).hasValue("600");
    }

    @Test
    void createdFollowsTheInjectedClock() {
        assertThat(json(http.post(PATH, chat("gpt-4o-mini", "when"))).path("created").longValue())
                .isEqualTo(clock.instant().getEpochSecond());
    }
}
