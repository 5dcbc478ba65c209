package dev.llmpool.gateway.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Times every API request as {@code llmpool.gateway.requests}, tagged {@code endpoint}, {@code outcome}
 * ({@code success}, {@code client_error}, {@code server_error}, {@code timeout}, {@code failed},
 * {@code client_closed}) and {@code cache} ({@code hit}, {@code miss}, {@code none}). A stream is timed to its end.
 */
public class RequestMetricsInterceptor implements HandlerInterceptor {

    public static final String METRIC = "llmpool.gateway.requests";
    private static final String SAMPLE = RequestMetricsInterceptor.class.getName() + ".sample";

    private final MeterRegistry registry;

    public RequestMetricsInterceptor(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getAttribute(SAMPLE) == null) {
            request.setAttribute(SAMPLE, Timer.start(registry));
        }
        return true;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
                                Exception ex) {
        if (!(request.getAttribute(SAMPLE) instanceof Timer.Sample sample)) {
            return;
        }
        request.removeAttribute(SAMPLE);
        sample.stop(Timer.builder(METRIC)
                .description("Gateway API requests, streams timed to their end")
                .tag("endpoint", attribute(request, RequestTags.ENDPOINT, "other"))
                .tag("outcome", outcome(request, response, ex))
                .tag("cache", attribute(request, RequestTags.CACHE, "none"))
                .register(registry));
    }

    static String outcome(HttpServletRequest request, HttpServletResponse response, Exception ex) {
        Object explicit = request.getAttribute(RequestTags.OUTCOME);
        if (explicit instanceof String outcome) {
            return outcome;
        }
        int status = ex != null && response.getStatus() < 400 ? 500 : response.getStatus();
        if (status == 504) {
            return RequestTags.TIMEOUT;
        }
        if (status >= 500) {
            return "server_error";
        }
        return status >= 400 ? "client_error" : RequestTags.SUCCESS;
    }

    private static String attribute(HttpServletRequest request, String name, String fallback) {
        return request.getAttribute(name) instanceof String value ? value : fallback;
    }
}
