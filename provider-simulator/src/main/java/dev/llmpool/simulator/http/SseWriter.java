package dev.llmpool.simulator.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes server-sent events as {@code data: <payload>\n\n} frames, optionally preceded by an {@code event:} line,
 * or with CRLF line ends ({@code data: <payload>\r\n\r\n}, as Google's endpoints send them). When frames are
 * paced, each is flushed so it leaves as its own HTTP chunk the moment it is produced; when they are not (no latency
 * between tokens), frames produced together leave together, which costs far fewer writes.
 */
public final class SseWriter {

    /** Content type of event streams. */
    public static final String TEXT_EVENT_STREAM = "text/event-stream; charset=utf-8";

    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LF = {'\n'};
    private static final byte[] LF_LF = {'\n', '\n'};
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] CRLF_CRLF = {'\r', '\n', '\r', '\n'};

    private final OutputStream out;
    private final boolean flushEachFrame;
    private final byte[] lineEnd;
    private final byte[] frameEnd;

    /**
     * A writer with LF line ends.
     *
     * @param out            the response body (chunked)
     * @param flushEachFrame flush after every frame; otherwise only on {@link #flush()} and when the buffer fills
     */
    public SseWriter(OutputStream out, boolean flushEachFrame) {
        this(out, flushEachFrame, false);
    }

    /**
     * @param out            the response body (chunked)
     * @param flushEachFrame flush after every frame; otherwise only on {@link #flush()} and when the buffer fills
     * @param crlf           end lines with CRLF instead of LF
     */
    public SseWriter(OutputStream out, boolean flushEachFrame, boolean crlf) {
        this.out = out;
        this.flushEachFrame = flushEachFrame;
        this.lineEnd = crlf ? CRLF : LF;
        this.frameEnd = crlf ? CRLF_CRLF : LF_LF;
    }

    /** One {@code data:} frame holding {@code payload} (UTF-8 JSON, no newlines). */
    public void data(byte[] payload) throws IOException {
        out.write(DATA);
        out.write(payload);
        out.write(frameEnd);
        if (flushEachFrame) {
            out.flush();
        }
    }

    /** Sends what is buffered now. */
    public void flush() throws IOException {
        out.flush();
    }

    /** One {@code data:} frame holding {@code payload}. */
    public void data(String payload) throws IOException {
        data(payload.getBytes(StandardCharsets.UTF_8));
    }

    /** An {@code event: <type>} line, then a {@code data:} frame: {@code event: <type>\ndata: <payload>\n\n}. */
    public void event(String type, byte[] payload) throws IOException {
        out.write(EVENT);
        out.write(type.getBytes(StandardCharsets.UTF_8));
        out.write(lineEnd);
        data(payload);
    }
}
