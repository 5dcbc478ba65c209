package dev.llmpool.workers.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.schemas.envelope.AttemptError;
import dev.llmpool.schemas.envelope.ErrorClass;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorMappingTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void quotaExhaustedIsNeverRetried() {
        AttemptError error = ErrorMapping.fromHttp(429, headers("retry-after", "20"), fixture("error-429-quota.json"),
                NOW);
        assertThat(error.errorClass()).isEqualTo(ErrorClass.QUOTA_EXHAUSTED);
        assertThat(error.errorClass().retriable()).isFalse();
        assertThat(error.httpStatus()).isEqualTo(429);
        assertThat(error.providerCode()).isEqualTo("insufficient_quota");
        assertThat(error.message()).startsWith("You exceeded your current quota");
    }

    @Test
    void rateLimitPrefersRetryAfterMs() {
        AttemptError error = ErrorMapping.fromHttp(429,
                headers("retry-after-ms", "1234.2", "retry-after", "20", "x-ratelimit-reset-requests", "6m0s"),
                fixture("error-429-rate-limit.json"), NOW);
        assertThat(error.errorClass()).isEqualTo(ErrorClass.RATE_LIMITED);
        assertThat(error.retryAfterMs()).isEqualTo(1235L);
        assertThat(error.providerCode()).isEqualTo("rate_limit_exceeded");
    }

    @Test
    void rateLimitReadsRetryAfterSeconds() {
        AttemptError error = ErrorMapping.fromHttp(429, headers("retry-after", "20"),
                fixture("error-429-rate-limit.json"), NOW);
        assertThat(error.retryAfterMs()).isEqualTo(20_000L);
    }

    @Test
    void rateLimitReadsRetryAfterHttpDate() {
        AttemptError error = ErrorMapping.fromHttp(429, headers("retry-after", "Sat, 21 Nov 2026 10:00:07 GMT"),
                fixture("error-429-rate-limit.json"), NOW);
        assertThat(error.retryAfterMs()).isEqualTo(7_000L);
    }

    @Test
    void anHttpDateInThePastMeansNoWait() {
        assertThat(ErrorMapping.parseRetryAfter("Sat, 21 Nov 2026 09:00:00 GMT", NOW)).isZero();
    }

    @Test
    void rateLimitFallsBackToTheExhaustedBucketsReset() {
        HttpHeaders requestsExhausted = headers("x-ratelimit-remaining-requests", "0",
                "x-ratelimit-reset-requests", "120ms", "x-ratelimit-remaining-tokens", "149000",
                "x-ratelimit-reset-tokens", "6m0s");
        assertThat(ErrorMapping.fromHttp(429, requestsExhausted, fixture("error-429-rate-limit.json"), NOW)
                .retryAfterMs()).isEqualTo(120L);

        HttpHeaders tokensExhausted = headers("x-ratelimit-remaining-requests", "499",
                "x-ratelimit-reset-requests", "120ms", "x-ratelimit-remaining-tokens", "0",
                "x-ratelimit-reset-tokens", "1s");
        assertThat(ErrorMapping.fromHttp(429, tokensExhausted, "{}", NOW).retryAfterMs()).isEqualTo(1_000L);

        HttpHeaders unknown = headers("x-ratelimit-reset-requests", "2s", "x-ratelimit-reset-tokens", "12ms");
        assertThat(ErrorMapping.fromHttp(429, unknown, "{}", NOW).retryAfterMs()).isEqualTo(2_000L);
    }

    @Test
    void resetHeadersSayNothingAboutAServerError() {
        AttemptError error = ErrorMapping.fromHttp(500, headers("x-ratelimit-reset-tokens", "6m0s"),
                fixture("error-500.json"), NOW);
        assertThat(error.errorClass()).isEqualTo(ErrorClass.TRANSIENT);
        assertThat(error.retryAfterMs()).isNull();
    }

    @Test
    void anOverloadedServerMayStillAskForAWait() {
        AttemptError error = ErrorMapping.fromHttp(503, headers("retry-after", "3"), "upstream overloaded", NOW);
        assertThat(error.errorClass()).isEqualTo(ErrorClass.TRANSIENT);
        assertThat(error.retryAfterMs()).isEqualTo(3_000L);
        assertThat(error.message()).isEqualTo("upstream overloaded");
    }

    @Test
    void contextLengthIsItsOwnClass() {
        AttemptError error = ErrorMapping.fromHttp(400, headers(), fixture("error-400-context.json"), NOW);
        assertThat(error.errorClass()).isEqualTo(ErrorClass.CONTEXT_WINDOW_EXCEEDED);
        assertThat(error.providerCode()).isEqualTo("context_length_exceeded");
    }

    @Test
    void contextLengthIsRecognisedByMessageFromCompatibleServers() {
        String vllm = "{\"object\":\"error\",\"message\":\"This model's maximum context length is 8192 tokens. "
                + "However, you requested 9000 tokens.\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}";
        assertThat(ErrorMapping.fromHttp(400, headers(), vllm, NOW).errorClass())
                .isEqualTo(ErrorClass.CONTEXT_WINDOW_EXCEEDED);
    }

    @Test
    void contentPolicyIsItsOwnClass() {
        AttemptError error = ErrorMapping.fromHttp(400, headers(), fixture("error-400-content-policy.json"), NOW);
        assertThat(error.errorClass()).isEqualTo(ErrorClass.CONTENT_POLICY);
    }

    @ParameterizedTest(name = "HTTP {0} -> {1}")
    @CsvSource({
        "400, BAD_REQUEST", "422, BAD_REQUEST", "413, BAD_REQUEST", "401, AUTHENTICATION", "403, AUTHENTICATION",
        "402, QUOTA_EXHAUSTED", "404, MODEL_NOT_FOUND", "408, TRANSIENT", "409, TRANSIENT", "500, TRANSIENT",
        "502, TRANSIENT", "503, TRANSIENT", "504, TRANSIENT", "529, TRANSIENT", "429, RATE_LIMITED"})
    void statusesMapToClasses(int status, ErrorClass expected) {
        assertThat(ErrorMapping.fromHttp(status, headers(), "{\"error\":{\"message\":\"nope\"}}", NOW).errorClass())
                .isEqualTo(expected);
    }

    @Test
    void modelNotFoundKeepsTheProvidersMessage() {
        AttemptError error = ErrorMapping.fromHttp(404, headers(), fixture("error-404-model.json"), NOW);
        assertThat(error.errorClass()).isEqualTo(ErrorClass.MODEL_NOT_FOUND);
        assertThat(error.message()).contains("gpt-5-ultra");
    }

    @ParameterizedTest(name = "HTTP {0} with x-should-retry {1} -> {2}")
    @CsvSource({
        "400, true, TRANSIENT", "401, true, TRANSIENT", "500, false, UNSUPPORTED", "409, false, BAD_REQUEST",
        "429, false, QUOTA_EXHAUSTED", "500, true, TRANSIENT", "400, false, BAD_REQUEST"})
    void xShouldRetryOverridesRetriability(int status, String shouldRetry, ErrorClass expected) {
        AttemptError error = ErrorMapping.fromHttp(status, headers("x-should-retry", shouldRetry), "{}", NOW);
        assertThat(error.errorClass()).isEqualTo(expected);
        assertThat(error.errorClass().retriable()).isEqualTo(Boolean.parseBoolean(shouldRetry));
    }

    @Test
    void quotaStaysUnretriedEvenWhenTheProviderSaysRetry() {
        AttemptError error = ErrorMapping.fromHttp(429, headers("x-should-retry", "true"),
                fixture("error-429-quota.json"), NOW);
        assertThat(error.errorClass()).isEqualTo(ErrorClass.QUOTA_EXHAUSTED);
    }

    @Test
    void longMessagesAreTruncatedAndKeysMasked() {
        String body = "{\"error\":{\"message\":\"Incorrect API key provided: sk-proj-abcdefghijklmnop0123456789. "
                + "x".repeat(1000) + "\",\"code\":\"invalid_api_key\"}}";
        AttemptError error = ErrorMapping.fromHttp(401, headers(), body, NOW);
        assertThat(error.errorClass()).isEqualTo(ErrorClass.AUTHENTICATION);
        assertThat(error.message()).doesNotContain("sk-proj-abcdefghijklmnop0123456789").contains("***");
        assertThat(error.message()).hasSizeLessThanOrEqualTo(ErrorMapping.MAX_MESSAGE_LENGTH + 1);
    }

    @Test
    void aKnownSecretIsRedactedWhereverItAppears() {
        AttemptError error = new AttemptError(ErrorClass.AUTHENTICATION, "key my-local-secret-key rejected", 401,
                null, null);
        assertThat(ErrorMapping.redact(error, "my-local-secret-key").message()).isEqualTo("key *** rejected");
    }

    @Test
    void nonJsonBodiesAreKeptAsTheMessage() {
        AttemptError error = ErrorMapping.fromHttp(502, headers(), "<html>Bad Gateway</html>", NOW);
        assertThat(error.errorClass()).isEqualTo(ErrorClass.TRANSIENT);
        assertThat(error.message()).isEqualTo("<html>Bad Gateway</html>");
        assertThat(ErrorMapping.fromHttp(500, headers(), "", NOW).message()).isEqualTo("HTTP 500");
    }

    @Test
    void anthropicAndGeminiBodiesAreRead() {
        String anthropic = "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}";
        AttemptError overloaded = ErrorMapping.fromHttp(529, headers(), anthropic, NOW);
        assertThat(overloaded.errorClass()).isEqualTo(ErrorClass.TRANSIENT);
        assertThat(overloaded.message()).isEqualTo("Overloaded");

        String gemini = "{\"error\":{\"code\":429,\"message\":\"Resource has been exhausted (e.g. check quota).\","
                + "\"status\":\"RESOURCE_EXHAUSTED\"}}";
        AttemptError exhausted = ErrorMapping.fromHttp(429, headers(), gemini, NOW);
        assertThat(exhausted.errorClass()).isEqualTo(ErrorClass.RATE_LIMITED);
        assertThat(exhausted.providerCode()).isEqualTo("RESOURCE_EXHAUSTED");
    }

    @Test
    void streamErrorsAreClassifiedByType() {
        assertThat(ErrorMapping.fromStreamError(
                "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\",\"param\":null,\"code\":null}}"))
                .satisfies(e -> {
                    assertThat(e.errorClass()).isEqualTo(ErrorClass.TRANSIENT);
                    assertThat(e.httpStatus()).isNull();
                    assertThat(e.message()).isEqualTo("stream error: boom");
                });
        assertThat(ErrorMapping.fromStreamError(
                "{\"error\":{\"message\":\"slow down\",\"type\":\"tokens\",\"code\":\"rate_limit_exceeded\"}}")
                .errorClass()).isEqualTo(ErrorClass.RATE_LIMITED);
        assertThat(ErrorMapping.fromStreamError(
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}")
                .errorClass()).isEqualTo(ErrorClass.TRANSIENT);
        assertThat(ErrorMapping.fromStreamError(
                "{\"error\":{\"message\":\"bad\",\"type\":\"invalid_request_error\"}}").errorClass())
                .isEqualTo(ErrorClass.BAD_REQUEST);
    }

    @Test
    void ioFailuresAreTransient() {
        assertThat(ErrorMapping.fromIo(new ConnectException("Connection refused"))).satisfies(e -> {
            assertThat(e.errorClass()).isEqualTo(ErrorClass.TRANSIENT);
            assertThat(e.providerCode()).isEqualTo("io_error");
            assertThat(e.message()).contains("Connection refused");
        });
        assertThat(ErrorMapping.fromIo(new HttpConnectTimeoutException("connect timed out")).providerCode())
                .isEqualTo("connect_timeout");
        assertThat(ErrorMapping.fromIo(new HttpTimeoutException("request timed out")).providerCode())
                .isEqualTo("timeout");
        assertThat(ErrorMapping.fromIo(new IOException()).message()).isEqualTo("IOException");
    }

    @Test
    void timeoutsAreTransientUnlessTheDeadlineRanOut() {
        assertThat(ErrorMapping.timeout(java.time.Duration.ofSeconds(120), false).errorClass())
                .isEqualTo(ErrorClass.TRANSIENT);
        assertThat(ErrorMapping.timeout(java.time.Duration.ofSeconds(3), true).errorClass())
                .isEqualTo(ErrorClass.DEADLINE_EXCEEDED);
    }

    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({
        "6m0s, 360000", "1s, 1000", "12ms, 12", "1h2m3.5s, 3723500", "0.5s, 500", "250us, 1", "20, 20000",
        "1.5, 1500", "0s, 0", "100ns, 1", "7m12.345s, 432345"})
    void goDurationsAreParsed(String text, long millis) {
        assertThat(ErrorMapping.parseDuration(text)).isEqualTo(millis);
    }

    @ParameterizedTest(name = "''{0}'' is not a duration")
    @CsvSource({"abc", "6m0", "1d", "s", "1s2", "-1s"})
    void nonDurationsAreNull(String text) {
        assertThat(ErrorMapping.parseDuration(text)).isNull();
    }

    private static HttpHeaders headers(String... pairs) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], List.of(pairs[i + 1]));
        }
        return HttpHeaders.of(map, (a, b) -> true);
    }

    static String fixture(String name) {
        try (var in = ErrorMappingTest.class.getResourceAsStream("/fixtures/openai/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
