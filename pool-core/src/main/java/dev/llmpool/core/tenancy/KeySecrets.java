package dev.llmpool.core.tenancy;

import dev.llmpool.core.text.Digests;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/** New API keys ({@code sk-llmpool-} and 40 random base-62 characters, 238 bits) and their hashes and ids. */
public final class KeySecrets {

    public static final String PREFIX = "sk-llmpool-";
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int LENGTH = 40;

    private final SecureRandom random = new SecureRandom();

    public String newKey() {
        StringBuilder key = new StringBuilder(PREFIX);
        for (int i = 0; i < LENGTH; i++) {
            key.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return key.toString();
    }

    /** SHA-256 of the key, hex: what Redis keeps. */
    public static String hash(String key) {
        return Digests.sha256Hex(key);
    }

    /** The key's public id: {@code key_} and the first 16 hex digits of its hash. */
    public static String id(String hash) {
        return "key_" + hash.substring(0, 16);
    }

    /** Compares two secrets in time independent of where they differ. */
    public static boolean same(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
