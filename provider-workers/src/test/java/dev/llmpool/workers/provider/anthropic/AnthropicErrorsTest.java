package dev.llmpool.workers.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.schemas.envelope.AttemptError;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.workers.provider.errors.ErrorMapping;
import java.net.http.HttpHeaders;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Anthropic's recorded error answers through its error mapping. */
class AnthropicErrorsTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00.250Z");
    private static final ErrorMapping MAPPING = AnthropicErrors.MAPPING;

    @Test
    void aRateLimitWaitsForRetryAfter() {
        AttemptError error = MAPPING.fromHttp(429, headers("retry-after", "7",
                "anthropic-ratelimit-requests-remaining", "0",
                "anthropic-ratelimit-requests-reset", "2026-11-21T10:00:30Z"),
                AnthropicMapperTest.fixture("error-429-rate-limit.json"), NOW);
        assertThat(error.errorClass()).isEqualTo(ErrorClass.RATE_LIMITED);
        assertThat(error.retryAfterMs()).isEqualTo(7_000L);
        assertThat(error.providerCode()).isEqualTo("rate_limit_error");
        assertThat(error.message()).startsWith("This request would exceed the rate limit");
    }

    @Test
    void withoutRetryAfterTheExhaustedBucketsResetTimestampIsTheWait() {
        HttpHeaders headers = headers(
                "anthropic-ratelimit-requests-limit", "50",
                "anthropic-ratelimit-requests-remaining", "31",
                "anthropic-ratelimit-requests-reset", "2026-11-21T10:00:02Z",
                "anthropic-ratelimit-input-tokens-limit", "30000",
                "anthropic-ratelimit-input-tokens-remaining", "0",
                "anthropic-ratelimit-input-tokens-reset", "2026-11-21T10:00:12Z",
                "anthropic-ratelimit-output-tokens-remaining", "7000",
                "anthropic-ratelimit-output-tokens-reset", "2026-11-21T10:00:01Z");
        AttemptError error = MAPPING.fromHttp(429, headers,
                AnthropicMapperTest.fixture("error-429-rate-limit.json"), NOW);
        assertThat(error.retryAfterMs()).isEqualTo(11_750L);
    }

    @Test
    void withNoBucketKnownExhaustedTheLatestResetIsTheWait() {
        HttpHeaders headers = headers(
                "anthropic-ratelimit-requests-reset", "2026-11-21T10:00:02+00:00",
                "anthropic-ratelimit-tokens-reset", "2026-11-21T10:00:04Z");
        assertThat(MAPPING.fromHttp(429, headers, "{}", NOW).retryAfterMs()).isEqualTo(3_750L);
        assertThat(MAPPING.fromHttp(500, headers, "{}", NOW).retryAfterMs())
                .as("reset headers say nothing about a server error").isNull();
    }

    @Test
    void overloadedIsTransient() {
        AttemptError error = MAPPING.fromHttp(529, headers(),
                AnthropicMapperTest.fixture("error-529-overloaded.json"), NOW);
        assertThat(error.errorClass()).isEqualTo(ErrorClass.TRANSIENT);
        assertThat(error.providerCode()).isEqualTo("overloaded_error");
    }

    @Test
    void anEmptyCreditBalanceIsQuotaExhaustedNeverRetried() {
        AttemptError error = MAPPING.fromHttp(400, headers(),
                AnthropicMapperTest.fixture("error-400-credit.json"), NOW);
        assertThat(error.errorClass()).isEqualTo(ErrorClass.QUOTA_EXHAUSTED);
        assertThat(error.errorClass().retriable()).isFalse();
        assertThat(MAPPING.fromHttp(402, headers(), "{\"type\":\"error\",\"error\":{\"type\":\"billing_error\","
                + "\"message\":\"billing\"}}", NOW).errorClass()).isEqualTo(ErrorClass.QUOTA_EXHAUSTED);
    }

    @Test
    void aPromptTooLongIsContextWindowExceeded() {
        assertThat(MAPPING.fromHttp(400, headers(),
                AnthropicMapperTest.fixture("error-400-prompt-too-long.json"), NOW).errorClass())
                .isEqualTo(ErrorClass.CONTEXT_WINDOW_EXCEEDED);
    }

    @Test
    void aBadKeyIsAuthentication() {
        assertThat(MAPPING.fromHttp(401, headers(), AnthropicMapperTest.fixture("error-401.json"), NOW)
                .errorClass()).isEqualTo(ErrorClass.AUTHENTICATION);
    }

    @Test
    void streamErrorTypesStandForTheirStatuses() {
        assertThat(MAPPING.fromStreamError("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\","
                + "\"message\":\"slow\"}}").errorClass()).isEqualTo(ErrorClass.RATE_LIMITED);
        assertThat(MAPPING.fromStreamError("{\"type\":\"error\",\"error\":{\"type\":\"api_error\","
                + "\"message\":\"boom\"}}").errorClass()).isEqualTo(ErrorClass.TRANSIENT);
        assertThat(MAPPING.fromStreamError("{\"type\":\"error\",\"error\":{\"type\":\"request_too_large\","
                + "\"message\":\"big\"}}").errorClass()).isEqualTo(ErrorClass.BAD_REQUEST);
    }

    private static HttpHeaders headers(String... pairs) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], List.of(pairs[i + 1]));
        }
        return HttpHeaders.of(map, (a, b) -> true);
    }
}
