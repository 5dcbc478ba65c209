package dev.llmpool.core.secrets;

import java.util.regex.Pattern;

/**
 * Masks text that looks like an API key (OpenAI/Anthropic/Groq/xAI style prefixes, Google API keys, bearer tokens)
 * with {@code ***}. Every message that leaves the pool's hands with provider text in it (attempt errors, dead-letter
 * headers) passes through here; a configured key that looks like none of these is masked by whoever knows it
 * (the provider adapter). Pure.
 */
public final class SecretMask {

    /** What a masked secret becomes. */
    public static final String MASK = "***";

    private static final Pattern KEY_LIKE = Pattern.compile(
            "\\b(?:sk|rk|gsk|xai)[-_][A-Za-z0-9_\\-]{8,}|\\bAIza[0-9A-Za-z_\\-]{20,}|(?i:bearer\\s+)[A-Za-z0-9._\\-]{8,}");

    private SecretMask() {
    }

    /** The text with anything key-like masked; null stays null. */
    public static String mask(String text) {
        return text == null ? null : KEY_LIKE.matcher(text).replaceAll(MASK);
    }

    /**
     * The text masked, then cut to {@code maxLength} characters ({@code …} marks a cut); null stays null. In this
     * order: a cut through a key leaves a head too short to look like one, which masking would then let through.
     */
    public static String maskAndCut(String text, int maxLength) {
        String masked = mask(text);
        return masked == null || masked.length() <= maxLength ? masked : masked.substring(0, maxLength) + "…";
    }
}
