package dev.llmpool.simulator.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.Headers;
import dev.llmpool.simulator.ratelimit.RateLimitDecision;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AnthropicHeadersTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00.123Z");

    @Test
    void resetsAreRfc3339RoundedUpToTheSecond() {
        assertThat(AnthropicHeaders.rfc3339(NOW)).isEqualTo("2026-01-01T00:00:01Z");
        assertThat(AnthropicHeaders.rfc3339(Instant.parse("2026-01-01T00:00:12Z"))).isEqualTo("2026-01-01T00:00:12Z");
    }

    @Test
    void admittedRequestsReportEveryFamilyWithoutRetryAfter() {
        Headers headers = new Headers();

        AnthropicHeaders.rateLimit(headers, new RateLimitDecision(true, 50, 49, Duration.ofMillis(1200), Duration.ZERO),
                NOW);

        assertThat(headers.getFirst("anthropic-ratelimit-requests-limit")).isEqualTo("50");
        assertThat(headers.getFirst("anthropic-ratelimit-requests-remaining")).isEqualTo("49");
        assertThat(headers.getFirst("anthropic-ratelimit-requests-reset")).isEqualTo("2026-01-01T00:00:02Z");
        assertThat(headers.getFirst("anthropic-ratelimit-input-tokens-limit")).isEqualTo("30000");
        assertThat(headers.getFirst("anthropic-ratelimit-output-tokens-remaining")).isEqualTo("7840");
        assertThat(headers.getFirst("anthropic-ratelimit-tokens-limit")).isEqualTo("8000");
        assertThat(headers.getFirst("anthropic-ratelimit-tokens-reset")).isEqualTo("2026-01-01T00:00:02Z");
        assertThat(headers.containsKey("retry-after")).isFalse();
    }

    @Test
    void refusedRequestsAddRetryAfterInWholeSeconds() {
        Headers headers = new Headers();

        AnthropicHeaders.rateLimit(headers, RateLimitDecision.exhausted(50, Duration.ofMillis(1500)), NOW);

        assertThat(headers.getFirst("retry-after")).isEqualTo("2");
        assertThat(headers.getFirst("anthropic-ratelimit-requests-remaining")).isEqualTo("0");
    }
}
