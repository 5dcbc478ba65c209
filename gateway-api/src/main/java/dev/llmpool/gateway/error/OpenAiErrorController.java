package dev.llmpool.gateway.error;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page ({@code server.error.path}, {@code /error}) in OpenAI's shape, in place of
 * Spring Boot's {@code BasicErrorController}: what went wrong before or outside a handler (a body that stalled past
 * the connection timeout, a filter's failure) is answered through {@link OpenAiErrorAdvice#forStatus}, and the page
 * asked for directly is an unknown URL, as it is to a client. The error dispatch is a GET whatever the client sent,
 * so the client's method is read from {@code jakarta.servlet.error.method}.
 */
@RestController
public class OpenAiErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(OpenAiErrorController.class);

    private final OpenAiErrorAdvice advice;

    public OpenAiErrorController(OpenAiErrorAdvice advice) {
        this.advice = advice;
    }

    @RequestMapping("${server.error.path:${error.path:/error}}")
    public ResponseEntity<byte[]> error(HttpServletRequest request) {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (!(status instanceof Integer code)) {
            return advice.respond(advice.forStatus(404, request.getMethod(), request.getRequestURI(), null),
                    request.getRequestURI());
        }
        Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (failure instanceof ApiException api) {
            return advice.respond(api, path == null ? null : path.toString());
        }
        if (code >= 500 && failure instanceof Throwable thrown) {
            log.error("Unexpected failure on {}", path, thrown);
        }
        Object method = request.getAttribute(RequestDispatcher.ERROR_METHOD);
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        return advice.respond(advice.forStatus(code, method == null ? request.getMethod() : method.toString(),
                path == null ? "" : path.toString(), message == null ? null : message.toString()),
                path == null ? null : path.toString());
    }
}
