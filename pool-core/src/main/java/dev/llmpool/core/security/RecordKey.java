package dev.llmpool.core.security;

import dev.llmpool.core.text.Digests;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One HMAC-SHA256 key of the pool. It never prints itself: {@link #toString()} names it by {@link #fingerprint()}, the
 * first 12 hex digits of its SHA-256, so processes can be compared in their logs without showing the key.
 */
public final class RecordKey {

    /** The MAC every signature uses. */
    static final String ALGORITHM = "HmacSHA256";
    /** The shortest key accepted: HMAC-SHA256's own output size. */
    public static final int MIN_BYTES = 32;

    private final byte[] bytes;
    private final Mac prototype;
    private final String fingerprint;

    private RecordKey(byte[] bytes) {
        if (bytes.length < MIN_BYTES) {
            throw new IllegalArgumentException("a record key needs at least " + MIN_BYTES + " bytes, got "
                    + bytes.length);
        }
        this.bytes = bytes.clone();
        this.prototype = newMac(this.bytes);
        this.fingerprint = Digests.sha256Hex(Base64.getEncoder().encodeToString(this.bytes)).substring(0, 12);
    }

    /**
     * A key written in base64 (standard or URL-safe alphabet); the message of a refusal names {@code source}, never
     * the text.
     */
    public static RecordKey parse(String base64, String source) {
        byte[] decoded;
        try {
            String text = base64.strip();
            decoded = text.indexOf('-') >= 0 || text.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(text)
                    : Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + " is not base64");
        }
        if (decoded.length < MIN_BYTES) {
            throw new IllegalArgumentException(source + " must be at least " + MIN_BYTES + " bytes (base64 of "
                    + MIN_BYTES + " random bytes: `openssl rand -base64 32`), got " + decoded.length);
        }
        return new RecordKey(decoded);
    }

    /** A new random key of {@link #MIN_BYTES} bytes. */
    public static RecordKey random(SecureRandom random) {
        byte[] bytes = new byte[MIN_BYTES];
        random.nextBytes(bytes);
        return new RecordKey(bytes);
    }

    /** A MAC ready to use under this key; each call returns one of its own (a {@code Mac} is not thread-safe). */
    Mac mac() {
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            return newMac(bytes);
        }
    }

    /** The key in base64, to share it through Redis. */
    String base64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Names the key without revealing it. */
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RecordKey key && MessageDigest.isEqual(bytes, key.bytes);
    }

    @Override
    public int hashCode() {
        return fingerprint.hashCode();
    }

    @Override
    public String toString() {
        return "RecordKey[" + fingerprint + "]";
    }

    private static Mac newMac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available in this JVM", e);
        }
    }
}
