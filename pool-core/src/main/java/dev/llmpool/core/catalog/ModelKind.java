package dev.llmpool.core.catalog;

import java.util.Locale;

/** What a catalog model does: answer chats, or embed text ({@code kind: embedding} in the catalog). */
public enum ModelKind {
    CHAT, EMBEDDING;

    /** The catalog's word ({@code chat}, {@code embedding}); absent is chat. */
    public static ModelKind parse(String value) {
        if (value == null || value.isBlank()) {
            return CHAT;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "chat" -> CHAT;
            case "embedding", "embeddings" -> EMBEDDING;
            default -> throw new IllegalArgumentException("kind '" + value + "' is not chat or embedding");
        };
    }
}
