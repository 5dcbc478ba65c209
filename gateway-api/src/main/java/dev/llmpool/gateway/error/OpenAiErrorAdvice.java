package dev.llmpool.gateway.error;

import dev.llmpool.schemas.json.JsonCodec;
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
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The one error mapping: every failure a handler raises, and Spring MVC's own (unknown URL, wrong method,
 * wrong media type, unreadable body), becomes an HTTP status with OpenAI's {@code {"error":{...}}} body.
 * Ordered last so a more specific advice elsewhere in the process wins.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class OpenAiErrorAdvice {

    private static final Logger log = LoggerFactory.getLogger(OpenAiErrorAdvice.class);

    private final JsonCodec codec;

    public OpenAiErrorAdvice(JsonCodec codec) {
        this.codec = codec;
    }

    /** The response for an API error: status, JSON content type and the OpenAI body. */
    public ResponseEntity<byte[]> respond(ApiException error) {
        return respond(error, new HttpHeaders());
    }

    private ResponseEntity<byte[]> respond(ApiException error, HttpHeaders headers) {
        return ResponseEntity.status(error.status()).headers(headers).contentType(MediaType.APPLICATION_JSON)
                .body(codec.toBytes(error.body()));
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
        return respond(new ApiException(405, "Method " + error.getMethod() + " is not allowed for "
                + request.getRequestURI() + (allowed == null ? "." : "; allowed: " + allowed + "."),
                ApiException.INVALID_REQUEST, null, "method_not_allowed"), headers);
    }

    @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class})
    ResponseEntity<byte[]> unknownUrl(Exception error, HttpServletRequest request) {
        return respond(new ApiException(404, "Invalid URL (" + request.getMethod() + " " + request.getRequestURI()
                + ")", ApiException.INVALID_REQUEST, null, "unknown_url"));
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
