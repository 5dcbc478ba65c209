package dev.llmpool.gateway.api;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes Server-Sent Events straight to the servlet response, one flush per frame (the handler blocks on a
 * virtual thread). The 200 status and SSE headers go out with the first frame, so until then the handler may
 * still answer with an HTTP error. An {@link IOException} means the client went away.
 */
final class SseWriter {

    private final HttpServletResponse response;
    private OutputStream out;

    SseWriter(HttpServletResponse response) {
        this.response = response;
    }

    /** True once the status and headers were sent. */
    boolean opened() {
        return out != null;
    }

    /** Sends the status and headers now. */
    void open() throws IOException {
        if (out == null) {
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType("text/event-stream;charset=UTF-8");
            response.setHeader("Cache-Control", "no-cache");
            response.setHeader("X-Accel-Buffering", "no");
            out = response.getOutputStream();
            response.flushBuffer();
        }
    }

    /** {@code data: <payload>}: an OpenAI-style frame. */
    void data(String payload) throws IOException {
        write("data: " + payload + "\n\n");
    }

    /** A full event: {@code id:} (when given), {@code event:}, {@code data:}. */
    void event(String id, String type, String data) throws IOException {
        write((id == null ? "" : "id: " + id + "\n") + "event: " + type + "\ndata: " + data + "\n\n");
    }

    /** A comment line, which clients ignore: keeps idle connections open. */
    void comment(String text) throws IOException {
        write(": " + text + "\n\n");
    }

    private void write(String frame) throws IOException {
        open();
        out.write(frame.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
