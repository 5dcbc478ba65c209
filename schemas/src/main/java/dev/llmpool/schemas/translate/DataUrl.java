package dev.llmpool.schemas.translate;

import java.util.Locale;

/**
 * A {@code data:} URL split into its media type and base64 payload, as OpenAI clients send images and files, and
 * back.
 *
 * @param mediaType lower-case, e.g. {@code image/png}
 * @param base64    the payload, still encoded
 */
public record DataUrl(String mediaType, String base64) {

    /** Parses {@code data:<media type>;base64,<data>}; other data URLs are a bad request. */
    public static DataUrl parse(String url) {
        int comma = url.indexOf(',');
        String header = comma < 0 ? "" : url.substring("data:".length(), comma);
        if (comma < 0 || !header.endsWith(";base64")) {
            throw Untranslatable.badRequest("data URLs must be base64: data:<media type>;base64,<data>");
        }
        String mediaType = header.substring(0, header.length() - ";base64".length());
        int parameters = mediaType.indexOf(';');
        mediaType = (parameters < 0 ? mediaType : mediaType.substring(0, parameters)).trim().toLowerCase(Locale.ROOT);
        return new DataUrl(mediaType, url.substring(comma + 1));
    }

    /** {@code data:<media type>;base64,<data>}. */
    public String url() {
        return "data:" + mediaType + ";base64," + base64;
    }
}
