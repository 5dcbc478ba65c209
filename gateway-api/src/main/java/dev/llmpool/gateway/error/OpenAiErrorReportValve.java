package dev.llmpool.gateway.error;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.MediaType;

/**
 * Tomcat's error report in OpenAI's shape, in place of its HTML page, for what Tomcat refuses before any servlet
 * sees the request (an encoded {@code /} in a path, a request line or header it cannot parse), where Spring's error
 * page cannot help. Installed as the host's error report valve by the gateway's auto-configuration; the wording is
 * {@link OpenAiErrorAdvice#forStatus}'s.
 */
public class OpenAiErrorReportValve extends ErrorReportValve {

    private final Supplier<OpenAiErrorAdvice> advice;

    /** @param advice the error mapping, looked up at the first error (the valve exists before the beans do) */
    public OpenAiErrorReportValve(Supplier<OpenAiErrorAdvice> advice) {
        this.advice = advice;
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        OpenAiErrorAdvice mapping = advice.get();
        ApiException error = mapping.forStatus(status, request.getMethod(), request.getRequestURI(),
                response.getMessage());
        byte[] body = mapping.respond(error, request.getRequestURI()).getBody();
        try {
            response.setStatus(error.status());
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(new String(body == null ? new byte[0] : body, StandardCharsets.UTF_8));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the response was committed meanwhile: nothing more to say.
        }
    }
}
