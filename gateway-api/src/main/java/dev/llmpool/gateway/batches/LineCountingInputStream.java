package dev.llmpool.gateway.batches;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes an upload through while counting its lines, and fails as soon as it has more than {@code maxLines}: the
 * store that reads it then keeps nothing. A last line without a newline counts.
 */
final class LineCountingInputStream extends FilterInputStream {

    /** The upload has more lines than allowed. */
    static final class TooManyLinesException extends RuntimeException {
        TooManyLinesException() {
            super("too many lines");
        }
    }

    private final long maxLines;
    private long newlines;
    private long bytes;
    private int last = -1;

    LineCountingInputStream(InputStream in, long maxLines) {
        super(in);
        this.maxLines = maxLines;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            ended();
        } else {
            counted(b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n < 0) {
            ended();
        }
        for (int i = 0; i < n; i++) {
            counted(buffer[offset + i]);
        }
        return n;
    }

    private void counted(int b) {
        bytes++;
        last = b;
        if (b == '\n' && ++newlines > maxLines) {
            throw new TooManyLinesException();
        }
    }

    private void ended() {
        if (lines() > maxLines) {
            throw new TooManyLinesException();
        }
    }

    /** Lines read so far: newlines, plus a last line without one. */
    long lines() {
        return newlines + (bytes > 0 && last != '\n' ? 1 : 0);
    }
}
