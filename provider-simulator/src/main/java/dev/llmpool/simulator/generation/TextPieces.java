package dev.llmpool.simulator.generation;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into token-like pieces: leading whitespace plus a run of letters and digits, or plus up to three
 * other characters. Lossless: the pieces joined are the text.
 */
public final class TextPieces {

    private static final int MAX_SYMBOL_RUN = 3;

    private TextPieces() {
    }

    public static List<String> split(String text) {
        List<String> pieces = new ArrayList<>(text.length() / 4 + 1);
        int length = text.length();
        int start = 0;
        int i = 0;
        while (i < length) {
            while (i < length && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i < length && Character.isLetterOrDigit(text.charAt(i))) {
                while (i < length && Character.isLetterOrDigit(text.charAt(i))) {
                    i++;
                }
            } else {
                int limit = Math.min(length, i + MAX_SYMBOL_RUN);
                while (i < limit && !Character.isWhitespace(text.charAt(i)) && !Character.isLetterOrDigit(text.charAt(i))) {
                    i++;
                }
            }
            if (i < length && Character.isLowSurrogate(text.charAt(i))) {
                i++;
            }
            pieces.add(text.substring(start, i));
            start = i;
        }
        return pieces;
    }
}
