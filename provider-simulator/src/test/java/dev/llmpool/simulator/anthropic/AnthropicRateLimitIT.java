package dev.llmpool.simulator.anthropic;

import static dev.llmpool.simulator.anthropic.AnthropicMessagesIT.HEADERS;
import static dev.llmpool.simulator.anthropic.AnthropicMessagesIT.PATH;
import static dev.llmpool.simulator.anthropic.AnthropicMessagesIT.message;
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

/** The shared requests-per-minute limiter in Anthropic's words, on a clock the test moves: no sleeping. */
class AnthropicRateLimitIT {

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
    void admitsTheLimitThen429sWithRetryAfterAndRfc3339Resets() {
        for (int i = 1; i <= 5; i++) {
            HttpResponse<String> ok = http.postWithHeaders(PATH, message("claude-haiku-4-5", "request " + i, 10),
                    HEADERS);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("anthropic-ratelimit-requests-limit")).hasValue("5");
            assertThat(ok.headers().firstValue("anthropic-ratelimit-requests-remaining"))
                    .hasValue(Integer.toString(5 - i));
            // the clock stands at 00:00:00.123; the bucket is full again 12 s per request later, rounded up
            assertThat(ok.headers().firstValue("anthropic-ratelimit-requests-reset"))
                    .hasValue(String.format("2026-01-01T00:%02d:%02dZ", i * 12 / 60, i * 12 % 60 + 1));
        }

        HttpResponse<String> limited = http.postWithHeaders(PATH, message("claude-haiku-4-5", "one too many", 10),
                HEADERS);

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(json(limited).path("error").path("type").stringValue()).isEqualTo("rate_limit_error");
        assertThat(json(limited).path("error").path("message").stringValue()).contains("of 5 requests per minute");
        assertThat(limited.headers().firstValue("retry-after")).hasValue("12");
        assertThat(limited.headers().firstValue("anthropic-ratelimit-requests-remaining")).hasValue("0");
        assertThat(limited.headers().firstValue("anthropic-ratelimit-requests-reset")).hasValue("2026-01-01T00:01:01Z");
        assertThat(limited.headers().firstValue("anthropic-ratelimit-input-tokens-remaining")).hasValue("0");
        assertThat(simulator.stats().rateLimited()).isEqualTo(1);
    }

    @Test
    void admitsAgainOnceTheClockPassesTheRetryAfter() {
        for (int i = 0; i < 5; i++) {
            http.postWithHeaders(PATH, message("claude-haiku-4-5", "fill", 10), HEADERS);
        }
        clock.advance(Duration.ofSeconds(11));
        HttpResponse<String> early = http.postWithHeaders(PATH, message("claude-haiku-4-5", "early", 10), HEADERS);
        assertThat(early.statusCode()).isEqualTo(429);
        assertThat(early.headers().firstValue("retry-after")).hasValue("1");

        clock.advance(Duration.ofSeconds(1));

        assertThat(http.postWithHeaders(PATH, message("claude-haiku-4-5", "on time", 10), HEADERS).statusCode())
                .isEqualTo(200);
    }

    @Test
    void allFormatsShareOneLimiter() {
        for (int i = 0; i < 4; i++) {
            assertThat(http.post("/v1/chat/completions", SimulatorHttp.chat("gpt-4o-mini", "openai " + i)).statusCode())
                    .isEqualTo(200);
        }
        assertThat(http.postWithHeaders(PATH, message("claude-haiku-4-5", "fifth", 10), HEADERS).statusCode())
                .isEqualTo(200);

        assertThat(http.postWithHeaders(PATH, message("claude-haiku-4-5", "sixth", 10), HEADERS).statusCode())
                .isEqualTo(429);
        assertThat(http.post("/v1/chat/completions", SimulatorHttp.chat("gpt-4o-mini", "seventh")).statusCode())
                .isEqualTo(429);
    }
}
