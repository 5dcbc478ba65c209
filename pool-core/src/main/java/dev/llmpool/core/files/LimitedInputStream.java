package dev.llmpool.core.files;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * Passes a stream through and throws as soon as more than {@code limit} bytes came: the one counting stream of the
 * pool, for stored files ({@link FileTooLargeException}) and request bodies (the gateway's 413).
 */
public final class LimitedInputStream extends FilterInputStream {

    private final long limit;
    private final Supplier<? extends RuntimeException> tooLarge;
    private long count;

    /** A stream that throws {@link FileTooLargeException} past {@code limit}. */
    public LimitedInputStream(InputStream in, long limit) {
        this(in, limit, () -> new FileTooLargeException(limit));
    }

    /** A stream that throws what {@code tooLarge} makes past {@code limit}. */
    public LimitedInputStream(InputStream in, long limit, Supplier<? extends RuntimeException> tooLarge) {
        super(in);
        this.limit = limit;
        this.tooLarge = tooLarge;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        counted(skipped);
        return skipped;
    }

    private void counted(long n) {
        count += n;
        if (count > limit) {
            throw tooLarge.get();
        }
    }

    /** The bytes passed through so far. */
    public long count() {
        return count;
    }
}
