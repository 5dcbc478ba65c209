package dev.llmpool.gateway.error;

import dev.llmpool.core.redis.RedisFailures;
import dev.llmpool.schemas.json.JsonCodec;
import io.lettuce.core.RedisException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The one error mapping: every failure a handler raises, and Spring MVC's own (unknown URL, wrong method,
 * wrong media type, unreadable body), becomes an HTTP status with OpenAI's {@code {"error":{...}}} body (Anthropic's
 * under {@code /v1/messages}, {@link ErrorShape}).
 * Ordered last so a more specific advice elsewhere in the process wins. What never reaches a handler is mapped here
 * too, by {@link #forStatus}: the servlet container's error dispatch ({@link OpenAiErrorController}: a body that
 * stalled, a filter's failure, {@code /error} asked for directly) and what Tomcat refuses before any servlet
 * ({@link OpenAiErrorReportValve}: an encoded slash, a request line it cannot parse).
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class OpenAiErrorAdvice {

    private static final Logger log = LoggerFactory.getLogger(OpenAiErrorAdvice.class);
    /** Seconds a client is asked to wait after a 503 for Redis: about as long as the embedded one takes to return. */
    private static final String REDIS_RETRY_AFTER = "1";

    private final JsonCodec codec;

    public OpenAiErrorAdvice(JsonCodec codec) {
        this.codec = codec;
    }

    /** The response for an API error: status, JSON content type and the OpenAI body. */
    public ResponseEntity<byte[]> respond(ApiException error) {
        HttpHeaders headers = new HttpHeaders();
        error.headers().forEach(headers::set);
        return respond(error, headers);
    }

    /** The response for an API error on {@code path}: in that API's shape ({@link ErrorShape}). */
    public ResponseEntity<byte[]> respond(ApiException error, String path) {
        return respond(error, new HttpHeaders(), path);
    }

    private ResponseEntity<byte[]> respond(ApiException error, HttpHeaders headers) {
        return respond(error, headers, currentPath());
    }

    private ResponseEntity<byte[]> respond(ApiException error, HttpHeaders headers, String path) {
        return ResponseEntity.status(error.status()).headers(headers).contentType(MediaType.APPLICATION_JSON)
                .body(codec.toBytes(ErrorShape.of(path).body(error)));
    }

    /** The path of the request being answered, when a handler is answering one. */
    private static String currentPath() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest().getRequestURI() : null;
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<byte[]> api(ApiException error) {
        return respond(error);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<byte[]> unreadable(HttpMessageNotReadableException error) {
        return respond(ApiException.invalidRequest("We could not parse the JSON body of your request: "
                + (error.getMessage() == null ? "the body is missing or unreadable" : firstLine(error.getMessage()))
                + ". The API expects a JSON payload.", null, "invalid_json"));
    }

    /** An upload over {@code llmpool.files.max-bytes}, stopped by the servlet container while it read it. */
    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<byte[]> uploadTooLarge(MaxUploadSizeExceededException error) {
        return respond(BatchApiErrors.fileTooLarge(error.getMaxUploadSize()));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<byte[]> mediaType(HttpMediaTypeNotSupportedException error) {
        String sent = error.getContentType() == null ? "none" : "'" + error.getContentType() + "'";
        HttpHeaders headers = new HttpHeaders();
        headers.setAccept(error.getSupportedMediaTypes());
        return respond(new ApiException(415, "Unsupported Content-Type " + sent
                + "; send the body as 'application/json'.", ApiException.INVALID_REQUEST, null,
                "unsupported_media_type"), headers);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<byte[]> method(HttpRequestMethodNotSupportedException error, HttpServletRequest request) {
        HttpHeaders headers = new HttpHeaders();
        Set<HttpMethod> allowed = error.getSupportedHttpMethods();
        if (allowed != null) {
            headers.setAllow(allowed);
        }
        return respond(methodNotAllowed(error.getMethod(), request.getRequestURI(), allowed), headers);
    }

    @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class})
    ResponseEntity<byte[]> unknownUrl(Exception error, HttpServletRequest request) {
        return respond(unknownUrl(request.getMethod(), request.getRequestURI()));
    }

    /**
     * The error for a bare status that no handler explained: the servlet container's own refusals and failures.
     *
     * @param detail the container's message, or null
     */
    public ApiException forStatus(int status, String method, String path, String detail) {
        String because = detail == null || detail.isBlank() ? "" : " (" + firstLine(detail) + ")";
        return switch (status) {
            case 404 -> unknownUrl(method, path);
            case 405 -> methodNotAllowed(method, path, null);
            case 408 -> new ApiException(408, "The request body did not arrive in time: the connection was idle "
                    + "past the server's timeout before the body was complete. Send the whole body without pausing.",
                    ApiException.INVALID_REQUEST, null, "request_timeout");
            case 413 -> new ApiException(413, "The request is too large" + because + ". Send a smaller body.",
                    ApiException.INVALID_REQUEST, null, "request_too_large");
            case 414 -> new ApiException(414, "The URL is too long. Send parameters in the JSON body.",
                    ApiException.INVALID_REQUEST, null, "uri_too_long");
            // Tomcat's own 5xx for what the client sent: a method or transfer coding it does not implement, an HTTP
            // version it does not speak. The client's to change, so a 4xx (the pool did not fail).
            case 501 -> "CONNECT".equalsIgnoreCase(method) ? methodNotAllowed(method, path, null)
                    : new ApiException(400, "The request uses something the gateway does not implement" + because
                            + ". Send the body with a Content-Length or as 'Transfer-Encoding: chunked' alone.",
                            ApiException.INVALID_REQUEST, null, "not_implemented");
            case 505 -> new ApiException(400, "The HTTP version of the request is not supported" + because
                    + ". Send HTTP/1.1.", ApiException.INVALID_REQUEST, null, "http_version_not_supported");
            default -> status >= 500
                    ? ApiException.internal("The gateway failed to handle the request" + because + ". Please retry.")
                    : new ApiException(status < 400 ? 400 : status, "The request could not be read" + because
                            + ". Check the URL (no encoded '/' or other reserved characters in a path segment), "
                            + "the headers and the body.", ApiException.INVALID_REQUEST, null, "invalid_request");
        };
    }

    private static ApiException unknownUrl(String method, String path) {
        return new ApiException(404, "Invalid URL (" + method + " " + path + ")", ApiException.INVALID_REQUEST, null,
                "unknown_url");
    }

    private static ApiException methodNotAllowed(String method, String path, Set<HttpMethod> allowed) {
        return new ApiException(405, "Method " + method + " is not allowed for " + path
                + (allowed == null ? "." : "; allowed: " + allowed + "."), ApiException.INVALID_REQUEST, null,
                "method_not_allowed");
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<byte[]> notAcceptable(HttpMediaTypeNotAcceptableException error) {
        return respond(new ApiException(406, "The response can only be 'application/json' or "
                + "'text/event-stream'.", ApiException.INVALID_REQUEST, null, "not_acceptable"));
    }

    @ExceptionHandler({ServletRequestBindingException.class, MethodArgumentTypeMismatchException.class})
    ResponseEntity<byte[]> binding(Exception error) {
        return respond(ApiException.invalidRequest(firstLine(error.getMessage()), null, "invalid_request"));
    }

    /** Redis away: 503 {@code redis_unavailable} with {@code Retry-After}; an error Redis answered is unexpected. */
    @ExceptionHandler(RedisException.class)
    ResponseEntity<byte[]> redis(RedisException error, HttpServletRequest request) {
        if (!RedisFailures.unavailable(error)) {
            return unexpected(error, request);
        }
        log.debug("Redis unavailable on {} {}: {}", request.getMethod(), request.getRequestURI(), error.toString());
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, REDIS_RETRY_AFTER);
        return respond(ApiException.redisUnavailable(), headers);
    }

    /** Nothing can be written to a client that went away. */
    @ExceptionHandler(AsyncRequestNotUsableException.class)
    ResponseEntity<byte[]> clientGone(AsyncRequestNotUsableException error) {
        log.debug("Client went away: {}", error.getMessage());
        return null;
    }

    /** Spring's other errors carry their status ({@link ErrorResponse}); anything else is a 500, logged. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<byte[]> unexpected(Exception error, HttpServletRequest request) {
        if (error instanceof ErrorResponse response) {
            int status = response.getStatusCode().value();
            String detail = response.getBody().getDetail();
            return respond(new ApiException(status, detail == null ? firstLine(error.getMessage()) : detail,
                    status >= 500 ? "server_error" : ApiException.INVALID_REQUEST, null, null));
        }
        log.error("Unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), error);
        return respond(ApiException.internal("The gateway failed to handle the request (" + error.getClass()
                .getSimpleName() + "). Please retry; the failure has been logged."));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
