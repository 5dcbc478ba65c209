package dev.llmpool.simulator.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes server-sent events as {@code data: <payload>\n\n} frames, optionally preceded by an {@code event:} line.
 * When frames are paced, each is flushed so it leaves as its own HTTP chunk the moment it is produced; when they
 * are not (no latency between tokens), frames produced together leave together, which costs far fewer writes.
 */
public final class SseWriter {

    /** Content type of event streams. */
    public static final String TEXT_EVENT_STREAM = "text/event-stream; charset=utf-8";

    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LINE_END = {'\n'};
    private static final byte[] FRAME_END = {'\n', '\n'};

    private final OutputStream out;
    private final boolean flushEachFrame;

    /**
     * @param out            the response body (chunked)
     * @param flushEachFrame flush after every frame; otherwise only on {@link #flush()} and when the buffer fills
     */
    public SseWriter(OutputStream out, boolean flushEachFrame) {
        this.out = out;
        this.flushEachFrame = flushEachFrame;
    }

    /** One {@code data:} frame holding {@code payload} (UTF-8 JSON, no newlines). */
    public void data(byte[] payload) throws IOException {
        out.write(DATA);
        out.write(payload);
        out.write(FRAME_END);
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

    /** One {@code event: <type>\ndata: <payload>\n\n} frame. */
    public void event(String type, byte[] payload) throws IOException {
        out.write(EVENT);
        out.write(type.getBytes(StandardCharsets.UTF_8));
        out.write(LINE_END);
        data(payload);
    }
}
