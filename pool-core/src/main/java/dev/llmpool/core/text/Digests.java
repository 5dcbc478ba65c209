package dev.llmpool.core.text;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Digests of UTF-8 text in lower-case hex: the one place the pool hashes text. */
public final class Digests {

    private Digests() {
    }

    /** SHA-256 (cache keys, idempotency keys, rules versions). */
    public static String sha256Hex(String text) {
        return hex("SHA-256", text);
    }

    /** SHA-1 (the name Redis gives a Lua script). */
    public static String sha1Hex(String text) {
        return hex("SHA-1", text);
    }

    private static String hex(String algorithm, String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm)
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JDK", e);
        }
    }
}
