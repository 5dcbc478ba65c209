package dev.llmpool.launcher.fuzz;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** What a probe sends after its headers. */
public sealed interface HttpBody {

    /** No body and no length header. */
    record None() implements HttpBody {
    }

    /** These bytes, with a {@code Content-Length}, or in chunks when {@code chunked}. */
    record Fixed(byte[] bytes, boolean chunked) implements HttpBody {
    }

    /**
     * A body of {@code size} bytes made on the fly (never held whole): {@code head} and then filler that keeps a JSON
     * string open, so the body would be valid JSON up to its end; with a {@code Content-Length}, or chunked.
     */
    record Huge(byte[] head, long size, boolean chunked) implements HttpBody {

        void writeTo(OutputStream out) throws IOException {
            out.write(head);
            byte[] filler = "abcdefghijklmnopqrstuvwxyz012345".repeat(2048).getBytes(StandardCharsets.US_ASCII);
            long left = size - head.length;
            while (left > 0) {
                int n = (int) Math.min(left, filler.length);
                if (chunked) {
                    out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                }
                out.write(filler, 0, n);
                if (chunked) {
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                left -= n;
            }
            if (chunked) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
        }
    }

    /** {@code head}, announced as {@code declared} bytes, and then nothing: the client stalls. */
    record Stalled(byte[] head, long declared) implements HttpBody {
    }

    static HttpBody json(String text) {
        return new Fixed(text.getBytes(StandardCharsets.UTF_8), false);
    }

    static HttpBody bytes(byte[] bytes) {
        return new Fixed(bytes, false);
    }
}
