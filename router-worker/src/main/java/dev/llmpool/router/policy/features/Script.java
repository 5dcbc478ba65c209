package dev.llmpool.router.policy.features;

import java.util.Locale;

/** A writing system, as the rules name it ({@code latin}, {@code cyrillic}, {@code cjk}, …). */
public enum Script {
    LATIN, CYRILLIC, GREEK, ARABIC, HEBREW, DEVANAGARI, THAI, CJK, OTHER,
    /** No letters at all (empty, digits, punctuation). */
    NONE;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The script a code point's Unicode script belongs to; Han, Hiragana, Katakana and Hangul are all CJK. */
    static Script of(Character.UnicodeScript script) {
        return switch (script) {
            case LATIN -> LATIN;
            case CYRILLIC -> CYRILLIC;
            case GREEK -> GREEK;
            case ARABIC -> ARABIC;
            case HEBREW -> HEBREW;
            case DEVANAGARI -> DEVANAGARI;
            case THAI -> THAI;
            case HAN, HIRAGANA, KATAKANA, HANGUL, BOPOMOFO -> CJK;
            default -> OTHER;
        };
    }
}
