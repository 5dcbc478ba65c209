package dev.llmpool.workers.provider.errors;

import dev.llmpool.core.secrets.SecretMask;
import tools.jackson.core.io.JsonStringEncoder;

/**
 * The one cleaning of a message that carries provider text: the configured key masked wherever it appears (also as
 * it stands escaped inside JSON text), then anything key-like, then the text cut to {@link #MAX_LENGTH}. Masking
 * comes before the cut: a key cut in two is no longer found, and its head would stay.
 */
public final class ErrorText {

    /** Longest message kept, in characters, counted after masking. */
    public static final int MAX_LENGTH = 500;

    private ErrorText() {
    }

    /** A message with no configured key to mask (the worker's own failures). */
    public static String clean(String text) {
        return clean(text, null);
    }

    /** @param secret the key the call sent, masked out first; null or blank when none */
    public static String clean(String text, String secret) {
        if (text == null) {
            return null;
        }
        String masked = text;
        if (secret != null && !secret.isBlank()) {
            masked = masked.replace(secret, SecretMask.MASK);
            String escaped = new String(JsonStringEncoder.getInstance().quoteAsCharArray(secret));
            if (!escaped.equals(secret)) {
                masked = masked.replace(escaped, SecretMask.MASK);
            }
        }
        return SecretMask.maskAndCut(masked.strip(), MAX_LENGTH);
    }
}
