package dev.llmpool.workers.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.schemas.envelope.AttemptError;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.json.JsonCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** OpenAI's recorded error answers and reset headers through its error mapping. */
class OpenAiErrorsTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private static final JsonCodec CODEC = new JsonCodec();

    @Test
    void retryAfterMsWinsOverTheResetHeaders() {
        AttemptError error = OpenAiErrors.MAPPING.fromHttp(429,
                headers("retry-after-ms", "1234.2", "retry-after", "20", "x-ratelimit-reset-requests", "6m0s"),
                fixture("error-429-rate-limit.json"), NOW);
        assertThat(error.errorClass()).isEqualTo(ErrorClass.RATE_LIMITED);
        assertThat(error.retryAfterMs()).isEqualTo(1235L);
        assertThat(error.providerCode()).isEqualTo("rate_limit_exceeded");
    }

    @Test
    void withoutRetryAfterTheExhaustedBucketsResetIsTheWait() {
        HttpHeaders requestsExhausted = headers("x-ratelimit-remaining-requests", "0",
                "x-ratelimit-reset-requests", "120ms", "x-ratelimit-remaining-tokens", "149000",
                "x-ratelimit-reset-tokens", "6m0s");
        assertThat(OpenAiErrors.MAPPING.fromHttp(429, requestsExhausted,
                fixture("error-429-rate-limit.json"), NOW).retryAfterMs()).isEqualTo(120L);

        HttpHeaders tokensExhausted = headers("x-ratelimit-remaining-requests", "499",
                "x-ratelimit-reset-requests", "120ms", "x-ratelimit-remaining-tokens", "0",
                "x-ratelimit-reset-tokens", "1s");
        assertThat(OpenAiErrors.MAPPING.fromHttp(429, tokensExhausted, "{}", NOW).retryAfterMs()).isEqualTo(1_000L);

        HttpHeaders unknown = headers("x-ratelimit-reset-requests", "2s", "x-ratelimit-reset-tokens", "12ms");
        assertThat(OpenAiErrors.MAPPING.fromHttp(429, unknown, "{}", NOW).retryAfterMs()).isEqualTo(2_000L);
    }

    @Test
    void resetHeadersSayNothingAboutAServerError() {
        AttemptError error = OpenAiErrors.MAPPING.fromHttp(500, headers("x-ratelimit-reset-tokens", "6m0s"),
                fixture("error-500.json"), NOW);
        assertThat(error.errorClass()).isEqualTo(ErrorClass.TRANSIENT);
        assertThat(error.retryAfterMs()).isNull();
    }

    @Test
    void anAnswerWithAnErrorFieldIsAnError() {
        assertThat(OpenAiErrors.MAPPING.isError(CODEC.readTree("{\"error\":{\"message\":\"x\"}}")))
                .isTrue();
        assertThat(OpenAiErrors.MAPPING.isError(CODEC.readTree("{\"error\":null,\"id\":\"x\"}")))
                .isFalse();
    }

    private static HttpHeaders headers(String... pairs) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], List.of(pairs[i + 1]));
        }
        return HttpHeaders.of(map, (a, b) -> true);
    }

    private static String fixture(String name) {
        try (InputStream in = OpenAiErrorsTest.class.getResourceAsStream("/fixtures/openai/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
