package dev.llmpool.launcher.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MultipartBodyTest {

    /** 64 MiB: far more than the publisher may hold ahead of what was sent. */
    private static final long FILE_BYTES = 64L * 1024 * 1024;

    /** How far the file may be read ahead of the bytes the subscriber took. */
    private static final long MAX_READ_AHEAD = 1024 * 1024;

    /**
     * A file whose bytes are made as they are read (JSONL-like lines, different everywhere), counting how many it
     * has produced: nothing of it exists before it is read.
     */
    static final class GeneratedFile extends InputStream {
        private final long length;
        private long position;

        GeneratedFile(long length) {
            this.length = length;
        }

        static byte at(long p) {
            return p % 100 == 99 ? (byte) '\n' : (byte) ('a' + (int) ((p * 31 + p / 100) % 26));
        }

        long produced() {
            return position;
        }

        @Override
        public int read() {
            return position < length ? at(position++) & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= length) {
                return -1;
            }
            int n = (int) Math.min(len, length - position);
            for (int i = 0; i < n; i++) {
                b[off + i] = at(position++);
            }
            return n;
        }
    }

    /** Takes the body one buffer at a time, as a slow connection would, checking the file is read only as needed. */
    static final class Receiver implements Flow.Subscriber<ByteBuffer> {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final MessageDigest digest;
        final StringBuilder start = new StringBuilder();
        final List<String> endChunks = new ArrayList<>();
        final List<GeneratedFile> files;
        long received;
        long worstReadAhead;
        private Flow.Subscription subscription;

        Receiver(List<GeneratedFile> files) throws Exception {
            this.files = files;
            this.digest = MessageDigest.getInstance("SHA-256");
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            digest.update(bytes);
            received += bytes.length;
            if (start.length() < 400) {
                start.append(new String(bytes, 0, Math.min(bytes.length, 400), StandardCharsets.ISO_8859_1));
            }
            endChunks.add(new String(bytes, Math.max(0, bytes.length - 200), Math.min(bytes.length, 200),
                    StandardCharsets.ISO_8859_1));
            if (endChunks.size() > 2) {
                endChunks.removeFirst();
            }
            if (!files.isEmpty()) {
                worstReadAhead = Math.max(worstReadAhead, files.getFirst().produced() - received);
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable t) {
            done.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            done.complete(null);
        }

        String end() {
            return String.join("", endChunks);
        }
    }

    private static Map<String, String> purposeBatch() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("purpose", "batch");
        return fields;
    }

    @Test
    void aLargeFileIsStreamedAsItIsSentNeverReadAhead() throws Exception {
        List<GeneratedFile> opened = new ArrayList<>();
        AtomicInteger opens = new AtomicInteger();
        MultipartBody body = new MultipartBody("BOUNDARY", purposeBatch(), "file", "input.jsonl", FILE_BYTES, () -> {
            opens.incrementAndGet();
            GeneratedFile file = new GeneratedFile(FILE_BYTES);
            opened.add(file);
            return file;
        });
        var publisher = body.publisher();
        assertThat(opens).as("nothing is read before the body is sent").hasValue(0);

        Receiver receiver = new Receiver(opened);
        publisher.subscribe(receiver);
        receiver.done.get(60, TimeUnit.SECONDS);

        assertThat(opens).hasValue(1);
        assertThat(receiver.received).isEqualTo(body.contentLength()).isEqualTo(publisher.contentLength());
        assertThat(receiver.worstReadAhead).as("file bytes read ahead of the bytes sent").isLessThan(MAX_READ_AHEAD);

        String head = "--BOUNDARY\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n"
                + "--BOUNDARY\r\nContent-Disposition: form-data; name=\"file\"; filename=\"input.jsonl\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n";
        String tail = "\r\n--BOUNDARY--\r\n";
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        expected.update(head.getBytes(StandardCharsets.US_ASCII));
        try (GeneratedFile same = new GeneratedFile(FILE_BYTES)) {
            byte[] chunk = new byte[1 << 16];
            for (int n = same.read(chunk, 0, chunk.length); n > 0; n = same.read(chunk, 0, chunk.length)) {
                expected.update(chunk, 0, n);
            }
        }
        expected.update(tail.getBytes(StandardCharsets.US_ASCII));
        assertThat(HexFormat.of().formatHex(receiver.digest.digest()))
                .as("the body is the head, every byte of the file in order, and the closing boundary")
                .isEqualTo(HexFormat.of().formatHex(expected.digest()));
        assertThat(receiver.start.toString()).startsWith(head);
        assertThat(receiver.end()).endsWith(tail);
        assertThat(body.contentType()).isEqualTo("multipart/form-data; boundary=BOUNDARY");
    }

    @Test
    void anEmptyFileStillMakesAWellFormedBody() throws Exception {
        MultipartBody body = new MultipartBody("B", Map.of(), "file", "empty.jsonl", 0,
                () -> InputStream.nullInputStream());
        Receiver receiver = new Receiver(List.of());
        body.publisher().subscribe(receiver);
        receiver.done.get(10, TimeUnit.SECONDS);

        assertThat(receiver.start.toString()).isEqualTo("--B\r\nContent-Disposition: form-data; name=\"file\"; "
                + "filename=\"empty.jsonl\"\r\nContent-Type: application/octet-stream\r\n\r\n\r\n--B--\r\n");
        assertThat(receiver.received).isEqualTo(body.contentLength());
    }

    @Test
    void quotesAndLineBreaksInNamesCannotBreakTheHeaders() {
        MultipartBody body = new MultipartBody("B", Map.of(), "file", "a\"b\r\nc.jsonl", 1,
                () -> InputStream.nullInputStream());

        assertThat(body.contentLength()).isEqualTo(("--B\r\nContent-Disposition: form-data; name=\"file\"; "
                + "filename=\"a%22b%0D%0Ac.jsonl\"\r\nContent-Type: application/octet-stream\r\n\r\n").length() + 1
                + "\r\n--B--\r\n".length());
    }
}
