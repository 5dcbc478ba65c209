package dev.llmpool.gateway.error;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.envelope.ResultError;
import dev.llmpool.schemas.json.JsonCodec;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.databind.JsonNode;

class OpenAiErrorAdviceTest {

    private final JsonCodec codec = new JsonCodec();
    private final OpenAiErrorAdvice advice = new OpenAiErrorAdvice(codec);

    private JsonNode error(ResponseEntity<byte[]> response) {
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        JsonNode body = codec.readTree(response.getBody());
        assertThat(body.properties()).hasSize(1);
        JsonNode error = body.get("error");
        assertThat(error.propertyNames()).containsExactlyInAnyOrder("message", "type", "param", "code");
        return error;
    }

    @Test
    void anApiExceptionIsItsStatusAndOpenAisBodyWithNullsWritten() {
        ResponseEntity<byte[]> response = advice.api(ApiException.missingParameter("messages"));

        assertThat(response.getStatusCode().value()).isEqualTo(400);
        JsonNode error = error(response);
        assertThat(error.get("type").asString()).isEqualTo("invalid_request_error");
        assertThat(error.get("param").asString()).isEqualTo("messages");
        assertThat(error.get("code").asString()).isEqualTo("missing_required_parameter");

        JsonNode notFound = error(advice.api(ApiException.modelNotFound("x")));
        assertThat(notFound.get("message").asString())
                .isEqualTo("The model `x` does not exist or you do not have access to it.");
    }

    @Test
    void aFailedJobAnswersWithItsErrorClassStatusAndTheResultsTypeAndCode() {
        ApiException limited = ApiException.jobFailed(ResultError.of(ErrorClass.RATE_LIMITED, "slow down"));
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.body().error().type()).isEqualTo("rate_limit_error");
        assertThat(limited.body().error().code()).isEqualTo("rate_limit_exceeded");
        assertThat(limited.body().error().message()).isEqualTo("slow down");

        ApiException exhausted = ApiException.jobFailed(ResultError.of(ErrorClass.EXHAUSTED, "all failed"));
        assertThat(exhausted.status()).isEqualTo(502);
        assertThat(exhausted.body().error().type()).isEqualTo("server_error");

        ApiException unknown = ApiException.jobFailed(new ResultError(null, null, null, null));
        assertThat(unknown.status()).isEqualTo(500);
        assertThat(unknown.body().error().code()).isEqualTo("internal_error");
    }

    @Test
    void theDeadlineIsA504TimeoutError() {
        ApiException timeout = ApiException.deadlineExceeded("job-1", Instant.parse("2026-11-21T10:00:00Z"));

        assertThat(timeout.status()).isEqualTo(504);
        assertThat(timeout.body().error().message())
                .isEqualTo("The job job-1 did not finish before its deadline (2026-11-21T10:00:00Z).");
        assertThat(timeout.body().error().type()).isEqualTo("timeout_error");
        assertThat(timeout.body().error().code()).isEqualTo("deadline_exceeded");
    }

    @Test
    void springMvcsOwnFailuresGetTheOpenAiShapeToo() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v1/chat/completions");

        ResponseEntity<byte[]> method = advice.method(new HttpRequestMethodNotSupportedException("GET",
                List.of("POST")), request);
        assertThat(method.getStatusCode().value()).isEqualTo(405);
        assertThat(method.getHeaders().getAllow()).containsExactly(HttpMethod.POST);
        assertThat(error(method).get("code").asString()).isEqualTo("method_not_allowed");

        ResponseEntity<byte[]> media = advice.mediaType(new HttpMediaTypeNotSupportedException(
                MediaType.TEXT_PLAIN, List.of(MediaType.APPLICATION_JSON), HttpMethod.POST));
        assertThat(media.getStatusCode().value()).isEqualTo(415);
        assertThat(error(media).get("message").asString()).contains("text/plain");

        ResponseEntity<byte[]> unknown = advice.unknownUrl(new NoResourceFoundException(HttpMethod.GET, "/v1/nope",
                "v1/nope"), new MockHttpServletRequest("GET", "/v1/nope"));
        assertThat(unknown.getStatusCode().value()).isEqualTo(404);
        assertThat(error(unknown).get("message").asString()).isEqualTo("Invalid URL (GET /v1/nope)");
    }

    @Test
    void anythingElseIsA500ServerError() {
        ResponseEntity<byte[]> response = advice.unexpected(new IllegalStateException("boom"),
                new MockHttpServletRequest("POST", "/v1/jobs"));

        assertThat(response.getStatusCode().value()).isEqualTo(500);
        assertThat(error(response).get("type").asString()).isEqualTo("server_error");
    }
}
