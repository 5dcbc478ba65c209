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

    @Test
    void aBareStatusFromTheContainerIsA4xxInOpenAisShapeUnlessTheServerFailed() {
        assertThat(advice.forStatus(400, "GET", "/v1/jobs/x%2Fy", "Invalid URI: [The encoded slash character is not "
                + "allowed]").body().error().message()).contains("encoded slash").contains("no encoded '/'");
        assertThat(advice.forStatus(404, "GET", "/error", null).body().error().code()).isEqualTo("unknown_url");
        assertThat(advice.forStatus(405, "TRACE", "/v1/models", null).body().error().message()).contains("TRACE");
        assertThat(advice.forStatus(408, "POST", "/v1/jobs", null).body().error().code()).isEqualTo("request_timeout");
        assertThat(advice.forStatus(413, "POST", "/v1/jobs", null).body().error().code())
                .isEqualTo("request_too_large");
        for (int status : List.of(400, 404, 405, 408, 413, 414, 431)) {
            ApiException error = advice.forStatus(status, "GET", "/x", "detail\nsecond line");
            assertThat(error.status()).isEqualTo(status);
            assertThat(error.body().error().type()).isEqualTo("invalid_request_error");
            assertThat(error.body().error().message()).doesNotContain("second line");
        }
        ApiException failed = advice.forStatus(500, "GET", "/x", null);
        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.body().error().type()).isEqualTo("server_error");
        assertThat(advice.forStatus(302, "GET", "/x", null).status()).isEqualTo(400);
        // Tomcat's 501 (a transfer coding or method it does not implement) and 505 (an HTTP version it does not
        // speak) are the client's to change: 4xx, not a server error
        assertThat(advice.forStatus(501, "POST", "/v1/jobs", null).status()).isEqualTo(400);
        assertThat(advice.forStatus(501, "CONNECT", "/v1/jobs", null).status()).isEqualTo(405);
        ApiException version = advice.forStatus(505, "GET", "/v1/models", null);
        assertThat(version.status()).isEqualTo(400);
        assertThat(version.body().error().code()).isEqualTo("http_version_not_supported");
    }

    @Test
    void theErrorPageAnswersTheContainersErrorAndIsAnUnknownUrlWhenAskedForDirectly() {
        OpenAiErrorController page = new OpenAiErrorController(advice);

        MockHttpServletRequest direct = new MockHttpServletRequest("GET", "/error");
        ResponseEntity<byte[]> unknown = page.error(direct);
        assertThat(unknown.getStatusCode().value()).isEqualTo(404);
        assertThat(error(unknown).get("message").asString()).isEqualTo("Invalid URL (GET /error)");

        MockHttpServletRequest stalled = new MockHttpServletRequest("GET", "/error");
        stalled.setAttribute("jakarta.servlet.error.status_code", 408);
        stalled.setAttribute("jakarta.servlet.error.method", "POST");
        stalled.setAttribute("jakarta.servlet.error.request_uri", "/v1/chat/completions");
        stalled.setAttribute("jakarta.servlet.error.exception", new java.net.SocketTimeoutException());
        ResponseEntity<byte[]> timedOut = page.error(stalled);
        assertThat(timedOut.getStatusCode().value()).isEqualTo(408);
        assertThat(error(timedOut).get("code").asString()).isEqualTo("request_timeout");

        MockHttpServletRequest filtered = new MockHttpServletRequest("GET", "/error");
        filtered.setAttribute("jakarta.servlet.error.status_code", 500);
        filtered.setAttribute("jakarta.servlet.error.exception", ApiException.bodyTooLarge(10L, 5));
        ResponseEntity<byte[]> tooLarge = page.error(filtered);
        assertThat(tooLarge.getStatusCode().value()).isEqualTo(413);
    }
}
