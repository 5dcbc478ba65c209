package dev.llmpool.gateway.api;

import dev.llmpool.core.files.LimitedInputStream;
import dev.llmpool.gateway.error.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * {@code llmpool.gateway.limits.max-body-size}, held while the body arrives rather than once it is in memory. As an
 * interceptor it refuses a {@code Content-Length} over the limit before a byte is read (a client waiting on
 * {@code Expect: 100-continue} never sends it); as a request body advice it counts the bytes Spring MVC reads into
 * {@code @RequestBody}, so a body without a length (chunked) is refused at the first byte past the limit. Either way
 * the 413 leaves through {@code OpenAiErrorAdvice}, and the message converter flushes it at once: the client has it
 * while it is still sending, and Tomcat drains at most {@code server.tomcat.max-swallow-size} of the rest before
 * closing the connection.
 */
@ControllerAdvice
public class RequestBodyLimit extends RequestBodyAdviceAdapter implements HandlerInterceptor {

    private final int limit;

    /** @param limit the most bytes a body may have */
    public RequestBodyLimit(int limit) {
        this.limit = limit;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            throw ApiException.bodyTooLarge(declared, limit);
        }
        return true;
    }

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
                            Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage message, MethodParameter parameter, Type targetType,
                                           Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
        InputStream bounded = new LimitedInputStream(message.getBody(), limit,
                () -> ApiException.bodyTooLarge(null, limit));
        HttpHeaders headers = message.getHeaders();
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return bounded;
            }

            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }
        };
    }
}
