package dev.llmpool.core.batch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a JSONL stream one line at a time as bytes, never holding more than one line (and never more than
 * {@code maxLineBytes} of it): a line past the limit is skipped to its end and reported as too long. Lines end at
 * {@code \n}; a {@code \r} before it is dropped; a last line without {@code \n} counts; an empty stream has no lines.
 */
public final class JsonLines implements AutoCloseable {

    /** One line: its 1-based number and its bytes, or null bytes when it was longer than the limit. */
    public record Line(long number, byte[] bytes) {
        public boolean tooLong() {
            return bytes == null;
        }

        public boolean blank() {
            if (bytes == null) {
                return false;
            }
            for (byte b : bytes) {
                if (b != ' ' && b != '\t') {
                    return false;
                }
            }
            return true;
        }
    }

    private final InputStream in;
    private final long maxLineBytes;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private long number;
    private boolean ended;

    public JsonLines(InputStream in, long maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** The next line, or null at the end of the stream. */
    public Line next() throws IOException {
        if (ended) {
            return null;
        }
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        boolean tooLong = false;
        boolean any = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    ended = true;
                    if (!any) {
                        return null;
                    }
                    return finish(line, tooLong);
                }
            }
            any = true;
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            int length = position - start;
            if (!tooLong && line.size() + length > maxLineBytes) {
                tooLong = true;
                line.reset();
            }
            if (!tooLong) {
                line.write(buffer, start, length);
            }
            if (position < limit) {
                position++; // the newline
                return finish(line, tooLong);
            }
        }
    }

    private Line finish(ByteArrayOutputStream line, boolean tooLong) {
        number++;
        if (tooLong) {
            return new Line(number, null);
        }
        byte[] bytes = line.toByteArray();
        if (bytes.length > 0 && bytes[bytes.length - 1] == '\r') {
            bytes = java.util.Arrays.copyOf(bytes, bytes.length - 1);
        }
        return new Line(number, bytes);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
