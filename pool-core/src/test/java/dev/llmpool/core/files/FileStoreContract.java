package dev.llmpool.core.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What every {@link FileStore} does; each store's test supplies the store. */
abstract class FileStoreContract {

    abstract FileStore store();

    /** A stream of {@code size} pseudo-random bytes that never exists whole in memory. */
    static InputStream bytes(long size, long seed) {
        Random random = new Random(seed);
        return new InputStream() {
            long left = size;

            @Override
            public int read() {
                if (left == 0) {
                    return -1;
                }
                left--;
                return random.nextInt(256);
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                byte[] chunk = new byte[n];
                random.nextBytes(chunk);
                System.arraycopy(chunk, 0, b, off, n);
                left -= n;
                return n;
            }
        };
    }

    static String sha256(InputStream in) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    @Test
    void aStoredObjectReadsBackByteForByteAndIsGoneOnceDeleted() throws Exception {
        String key = "files/contract-" + System.nanoTime();
        long size = 12L * 1024 * 1024 + 17;
        assertThat(store().put(key, bytes(size, 7), size)).isEqualTo(size);
        assertThat(store().size(key)).hasValue(size);
        try (InputStream in = store().open(key).orElseThrow()) {
            assertThat(sha256(in)).isEqualTo(sha256(bytes(size, 7)));
        }
        assertThat(store().delete(key)).isTrue();
        assertThat(store().open(key)).isEmpty();
        assertThat(store().size(key)).isEmpty();
        assertThat(store().delete(key)).isFalse();
    }

    @Test
    void aSmallObjectIsStoredToo() throws Exception {
        String key = "files/small-" + System.nanoTime();
        assertThat(store().put(key, new ByteArrayInputStream("{\"a\":1}\n".getBytes()), 100)).isEqualTo(8);
        try (InputStream in = store().open(key).orElseThrow()) {
            assertThat(new String(in.readAllBytes())).isEqualTo("{\"a\":1}\n");
        }
    }

    @Test
    void aStreamPastTheLimitIsRefusedAndLeavesNothing() {
        String key = "files/too-big-" + System.nanoTime();
        long limit = 6L * 1024 * 1024;
        assertThatThrownBy(() -> store().put(key, bytes(limit + 1, 3), limit))
                .isInstanceOfSatisfying(FileTooLargeException.class, e -> assertThat(e.limit()).isEqualTo(limit));
        assertThat(store().open(key)).isEmpty();
    }

    @Test
    void aKeyOutsideTheStoreIsRefused() {
        assertThatThrownBy(() -> store().put("../escape", new ByteArrayInputStream(new byte[1]), 10))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
