package dev.llmpool.workers.provider.errors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.schemas.envelope.AttemptError;
import dev.llmpool.schemas.envelope.ErrorClass;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The classification every provider shares, read with no provider quirk (OpenAI's recorded bodies as examples). */
class ErrorMappingTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private static final ErrorMapping MAPPING = new ErrorMapping(new ProviderErrors() { });

    @Test
    void quotaExhaustedIsNeverRetried() {
        AttemptError error = MAPPING.fromHttp(429, headers("retry-after", "20"), fixture("error-429-quota.json"),
                NOW);
        assertThat(error.errorClass()).isEqualTo(ErrorClass.QUOTA_EXHAUSTED);
        assertThat(error.errorClass().retriable()).isFalse();
        assertThat(error.httpStatus()).isEqualTo(429);
        assertThat(error.providerCode()).isEqualTo("insufficient_quota");
        assertThat(error.message()).startsWith("You exceeded your current quota");
    }

    @Test
    void retryAfterMsComesBeforeRetryAfterAndIsRoundedUp() {
        assertThat(MAPPING.fromHttp(503, headers("retry-after-ms", "1234.2", "retry-after", "20"), "{}", NOW)
                .retryAfterMs()).isEqualTo(1235L);
        assertThat(MAPPING.fromHttp(503, headers("retry-after-ms", "soon", "retry-after", "2.5"), "{}", NOW)
                .retryAfterMs()).as("an unreadable retry-after-ms falls back").isEqualTo(2_500L);
    }

    @Test
    void theProvidersOwnWaitsAreReadOnlyWhenRetryAfterSaidNothing() {
        ErrorMapping quirky = new ErrorMapping(new ProviderErrors() {
            @Override
            public Long resetWaitMs(HttpHeaders headers, Instant now) {
                return 7_000L;
            }

            @Override
            public Long bodyWaitMs(tools.jackson.databind.JsonNode error) {
                return 9_000L;
            }
        });
        assertThat(quirky.fromHttp(429, headers("retry-after", "1"), "{}", NOW).retryAfterMs()).isEqualTo(1_000L);
        assertThat(quirky.fromHttp(429, headers(), "{}", NOW).retryAfterMs()).isEqualTo(7_000L);
        assertThat(quirky.fromHttp(503, headers(), "{}", NOW).retryAfterMs())
                .as("reset headers only on a 429; then the body's wait").isEqualTo(9_000L);
    }

    @Test
    void rateLimitReadsRetryAfterSeconds() {
        AttemptError error = MAPPING.fromHttp(429, headers("retry-after", "20"),
                fixture("error-429-rate-limit.json"), NOW);
        assertThat(error.retryAfterMs()).isEqualTo(20_000L);
    }

    @Test
    void rateLimitReadsRetryAfterHttpDate() {
        AttemptError error = MAPPING.fromHttp(429, headers("retry-after", "Sat, 21 Nov 2026 10:00:07 GMT"),
                fixture("error-429-rate-limit.json"), NOW);
        assertThat(error.retryAfterMs()).isEqualTo(7_000L);
    }

    @Test
    void anHttpDateInThePastMeansNoWait() {
        assertThat(RetryAfter.parse("Sat, 21 Nov 2026 09:00:00 GMT", NOW)).isZero();
    }



    @Test
    void anOverloadedServerMayStillAskForAWait() {
        AttemptError error = MAPPING.fromHttp(503, headers("retry-after", "3"), "upstream overloaded", NOW);
        assertThat(error.errorClass()).isEqualTo(ErrorClass.TRANSIENT);
        assertThat(error.retryAfterMs()).isEqualTo(3_000L);
        assertThat(error.message()).isEqualTo("upstream overloaded");
    }

    @Test
    void contextLengthIsItsOwnClass() {
        AttemptError error = MAPPING.fromHttp(400, headers(), fixture("error-400-context.json"), NOW);
        assertThat(error.errorClass()).isEqualTo(ErrorClass.CONTEXT_WINDOW_EXCEEDED);
        assertThat(error.providerCode()).isEqualTo("context_length_exceeded");
    }

    @Test
    void contextLengthIsRecognisedByMessageFromCompatibleServers() {
        String vllm = "{\"object\":\"error\",\"message\":\"This model's maximum context length is 8192 tokens. "
                + "However, you requested 9000 tokens.\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}";
        assertThat(MAPPING.fromHttp(400, headers(), vllm, NOW).errorClass())
                .isEqualTo(ErrorClass.CONTEXT_WINDOW_EXCEEDED);
    }

    @Test
    void contentPolicyIsItsOwnClass() {
        AttemptError error = MAPPING.fromHttp(400, headers(), fixture("error-400-content-policy.json"), NOW);
        assertThat(error.errorClass()).isEqualTo(ErrorClass.CONTENT_POLICY);
    }

    @ParameterizedTest(name = "HTTP {0} -> {1}")
    @CsvSource({
        "400, BAD_REQUEST", "422, BAD_REQUEST", "413, BAD_REQUEST", "401, AUTHENTICATION", "403, AUTHENTICATION",
        "402, QUOTA_EXHAUSTED", "404, MODEL_NOT_FOUND", "408, TRANSIENT", "409, TRANSIENT", "500, TRANSIENT",
        "502, TRANSIENT", "503, TRANSIENT", "504, TRANSIENT", "529, TRANSIENT", "429, RATE_LIMITED"})
    void statusesMapToClasses(int status, ErrorClass expected) {
        assertThat(MAPPING.fromHttp(status, headers(), "{\"error\":{\"message\":\"nope\"}}", NOW).errorClass())
                .isEqualTo(expected);
    }

    @Test
    void modelNotFoundKeepsTheProvidersMessage() {
        AttemptError error = MAPPING.fromHttp(404, headers(), fixture("error-404-model.json"), NOW);
        assertThat(error.errorClass()).isEqualTo(ErrorClass.MODEL_NOT_FOUND);
        assertThat(error.message()).contains("gpt-5-ultra");
    }

    @ParameterizedTest(name = "HTTP {0} with x-should-retry {1} -> {2}")
    @CsvSource({
        "400, true, TRANSIENT", "401, true, TRANSIENT", "500, false, UNSUPPORTED", "409, false, BAD_REQUEST",
        "429, false, QUOTA_EXHAUSTED", "500, true, TRANSIENT", "400, false, BAD_REQUEST"})
    void xShouldRetryOverridesRetriability(int status, String shouldRetry, ErrorClass expected) {
        AttemptError error = MAPPING.fromHttp(status, headers("x-should-retry", shouldRetry), "{}", NOW);
        assertThat(error.errorClass()).isEqualTo(expected);
        assertThat(error.errorClass().retriable()).isEqualTo(Boolean.parseBoolean(shouldRetry));
    }

    @Test
    void quotaStaysUnretriedEvenWhenTheProviderSaysRetry() {
        AttemptError error = MAPPING.fromHttp(429, headers("x-should-retry", "true"),
                fixture("error-429-quota.json"), NOW);
        assertThat(error.errorClass()).isEqualTo(ErrorClass.QUOTA_EXHAUSTED);
    }



    @Test
    void nonJsonBodiesAreKeptAsTheMessage() {
        AttemptError error = MAPPING.fromHttp(502, headers(), "<html>Bad Gateway</html>", NOW);
        assertThat(error.errorClass()).isEqualTo(ErrorClass.TRANSIENT);
        assertThat(error.message()).isEqualTo("<html>Bad Gateway</html>");
        assertThat(MAPPING.fromHttp(500, headers(), "", NOW).message()).isEqualTo("HTTP 500");
    }

    @Test
    void anthropicAndGeminiBodiesAreRead() {
        String anthropic = "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}";
        AttemptError overloaded = MAPPING.fromHttp(529, headers(), anthropic, NOW);
        assertThat(overloaded.errorClass()).isEqualTo(ErrorClass.TRANSIENT);
        assertThat(overloaded.message()).isEqualTo("Overloaded");

        String gemini = "{\"error\":{\"code\":429,\"message\":\"Resource has been exhausted (e.g. check quota).\","
                + "\"status\":\"RESOURCE_EXHAUSTED\"}}";
        AttemptError exhausted = MAPPING.fromHttp(429, headers(), gemini, NOW);
        assertThat(exhausted.errorClass()).isEqualTo(ErrorClass.RATE_LIMITED);
        assertThat(exhausted.providerCode()).isEqualTo("RESOURCE_EXHAUSTED");
    }

    @Test
    void streamErrorsAreClassifiedByType() {
        assertThat(MAPPING.fromStreamError(
                "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\",\"param\":null,\"code\":null}}"))
                .satisfies(e -> {
                    assertThat(e.errorClass()).isEqualTo(ErrorClass.TRANSIENT);
                    assertThat(e.httpStatus()).isNull();
                    assertThat(e.message()).isEqualTo("stream error: boom");
                });
        assertThat(MAPPING.fromStreamError(
                "{\"error\":{\"message\":\"slow down\",\"type\":\"tokens\",\"code\":\"rate_limit_exceeded\"}}")
                .errorClass()).isEqualTo(ErrorClass.RATE_LIMITED);
        assertThat(MAPPING.fromStreamError(
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}")
                .errorClass()).isEqualTo(ErrorClass.TRANSIENT);
        assertThat(MAPPING.fromStreamError(
                "{\"error\":{\"message\":\"bad\",\"type\":\"invalid_request_error\"}}").errorClass())
                .isEqualTo(ErrorClass.BAD_REQUEST);
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
