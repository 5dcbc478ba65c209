package dev.llmpool.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class RequestMetricsInterceptorTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RequestMetricsInterceptor interceptor = new RequestMetricsInterceptor(registry);

    private void run(int status, String endpoint, String cache, String outcome) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/chat/completions");
        MockHttpServletResponse response = new MockHttpServletResponse();
        interceptor.preHandle(request, response, new Object());
        RequestTags.endpoint(request, endpoint);
        if (cache != null) {
            RequestTags.cache(request, cache);
        }
        if (outcome != null) {
            RequestTags.outcome(request, outcome);
        }
        response.setStatus(status);
        interceptor.afterCompletion(request, response, new Object(), null);
    }

    @Test
    void eachRequestIsTimedWithEndpointOutcomeAndCacheTags() {
        run(200, "chat.completions", "hit", null);
        run(404, "chat.completions", null, null);
        run(504, "chat.completions", "miss", null);
        run(200, "chat.completions", "miss", RequestTags.FAILED);

        assertThat(registry.get(RequestMetricsInterceptor.METRIC).tags("endpoint", "chat.completions", "outcome",
                "success", "cache", "hit").timer().count()).isEqualTo(1);
        assertThat(registry.get(RequestMetricsInterceptor.METRIC).tags("outcome", "client_error", "cache", "none")
                .timer().count()).isEqualTo(1);
        assertThat(registry.get(RequestMetricsInterceptor.METRIC).tags("outcome", "timeout").timer().count())
                .isEqualTo(1);
        assertThat(registry.get(RequestMetricsInterceptor.METRIC).tags("outcome", "failed").timer().count())
                .isEqualTo(1);
    }
}
