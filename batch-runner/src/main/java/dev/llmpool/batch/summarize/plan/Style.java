package dev.llmpool.batch.summarize.plan;

import java.util.Locale;

/** How the final summary is written. */
public enum Style {
    /** prose: one or a few paragraphs */
    ABSTRACT("as one or a few paragraphs of prose"),
    /** a bulleted list */
    BULLETS("as a bulleted list, one line starting with \"- \" per point");

    private final String phrase;

    Style(String phrase) {
        this.phrase = phrase;
    }

    /** How a prompt asks for it. */
    public String phrase() {
        return phrase;
    }

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Style parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
