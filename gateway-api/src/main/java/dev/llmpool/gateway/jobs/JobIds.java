package dev.llmpool.gateway.jobs;

import dev.llmpool.core.text.Digests;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Correlation ids: new ones, and a client's own ({@code x-llmpool-job-id}, {@code Idempotency-Key}) made to fit
 * the schema's pattern. A valid client id is kept as sent; any other is replaced by a stable digest of it, so
 * the same key always names the same job and two different keys never collide. Pure.
 */
public final class JobIds {

    /** The envelope schema's {@code correlationId} pattern and length. */
    public static final Pattern VALID = Pattern.compile("[A-Za-z0-9._~-]{1,128}");

    public static final String CHAT_PREFIX = "chatcmpl-";
    public static final String JOB_PREFIX = "job-";

    private JobIds() {
    }

    public static String newChatId() {
        return CHAT_PREFIX + random();
    }

    public static String newJobId() {
        return JOB_PREFIX + random();
    }

    /** A fresh id with an API's own prefix ({@code msg_}, {@code resp_}, ...). */
    public static String newId(String prefix) {
        return prefix + random();
    }

    public static boolean valid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    /** The client's id made valid, or null when the client sent none (blank counts as none). */
    public static String fromClient(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String trimmed = raw.strip();
        return valid(trimmed) ? trimmed : "key-" + Digests.sha256Hex(trimmed).substring(0, 40);
    }

    private static String random() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
