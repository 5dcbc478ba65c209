package dev.llmpool.gateway.error;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.schemas.json.JsonCodec;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import tools.jackson.databind.JsonNode;

class RedisUnavailableTest {

    private final JsonCodec codec = new JsonCodec();
    private final OpenAiErrorAdvice advice = new OpenAiErrorAdvice(codec);
    private final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v1/jobs/job_1");

    @Test
    void aRedisThatIsAwayIsA503InOpenAisShapeWithRetryAfter() {
        for (RedisException away : new RedisException[] {
                new RedisException("Currently not connected. Commands are rejected."),
                new RedisCommandTimeoutException("Command timed out after 2 second(s)")}) {
            ResponseEntity<byte[]> response = advice.redis(away, request);

            assertThat(response.getStatusCode().value()).isEqualTo(503);
            assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("1");
            JsonNode error = codec.readTree(response.getBody()).get("error");
            assertThat(error.get("message").asString()).isEqualTo("The pool's Redis is unavailable; retry shortly");
            assertThat(error.get("type").asString()).isEqualTo("service_unavailable");
            assertThat(error.get("code").asString()).isEqualTo("redis_unavailable");
        }
    }

    @Test
    void anErrorRedisAnsweredIsAnInternalError() {
        ResponseEntity<byte[]> response = advice.redis(new RedisCommandExecutionException("ERR bad script"), request);

        assertThat(response.getStatusCode().value()).isEqualTo(500);
    }
}
