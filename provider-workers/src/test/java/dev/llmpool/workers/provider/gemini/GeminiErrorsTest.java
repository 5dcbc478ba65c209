package dev.llmpool.workers.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.schemas.envelope.AttemptError;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.workers.provider.errors.ErrorMapping;
import java.net.http.HttpHeaders;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Gemini's recorded error answers through its error mapping. */
class GeminiErrorsTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private static final ErrorMapping MAPPING = GeminiErrors.MAPPING;
    private static final HttpHeaders NONE = HttpHeaders.of(Map.of(), (a, b) -> true);

    @Test
    void resourceExhaustedWaitsForTheRetryDelayInTheBody() {
        AttemptError error = MAPPING.fromHttp(429, NONE,
                GeminiMapperTest.fixture("error-429-resource-exhausted.json"), NOW);
        assertThat(error.errorClass()).isEqualTo(ErrorClass.RATE_LIMITED);
        assertThat(error.retryAfterMs()).isEqualTo(36_000L);
        assertThat(error.providerCode()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(error.message()).startsWith("You exceeded your current quota");
    }

    @Test
    void aFractionalRetryDelayIsKeptToTheMillisecond() {
        String body = "{\"error\":{\"code\":429,\"message\":\"Resource exhausted.\",\"status\":\"RESOURCE_EXHAUSTED\","
                + "\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"1.500s\"}]}}";
        assertThat(MAPPING.fromHttp(429, NONE, body, NOW).retryAfterMs()).isEqualTo(1_500L);
        assertThat(MAPPING.fromStreamError(body).retryAfterMs()).as("also inside a stream").isEqualTo(1_500L);
        assertThat(MAPPING.fromStreamError(body).errorClass()).isEqualTo(ErrorClass.RATE_LIMITED);
    }

    @Test
    void unavailableIsTransient() {
        AttemptError error = MAPPING.fromHttp(503, NONE, GeminiMapperTest.fixture("error-503-unavailable.json"),
                NOW);
        assertThat(error.errorClass()).isEqualTo(ErrorClass.TRANSIENT);
        assertThat(error.providerCode()).isEqualTo("UNAVAILABLE");
        assertThat(error.retryAfterMs()).isNull();
    }

    @Test
    void aBadKeyAnsweredWith400IsAuthentication() {
        AttemptError error = MAPPING.fromHttp(400, NONE, GeminiMapperTest.fixture("error-400-api-key.json"),
                NOW);
        assertThat(error.errorClass()).isEqualTo(ErrorClass.AUTHENTICATION);
        assertThat(error.providerCode()).isEqualTo("INVALID_ARGUMENT");
    }

    @Test
    void anInputOverTheLimitIsContextWindowExceeded() {
        assertThat(MAPPING.fromHttp(400, NONE, GeminiMapperTest.fixture("error-400-context.json"), NOW)
                .errorClass()).isEqualTo(ErrorClass.CONTEXT_WINDOW_EXCEEDED);
    }

    @Test
    void anUnavailableStatusInAStreamIsTransient() {
        assertThat(MAPPING.fromStreamError("{\"error\":{\"message\":\"overloaded\",\"status\":\"UNAVAILABLE\"}}")
                .errorClass()).isEqualTo(ErrorClass.TRANSIENT);
    }
}
