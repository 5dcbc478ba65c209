package dev.llmpool.batch.summarize.input;

import java.util.regex.Pattern;

/**
 * One shape for every document's text: paragraphs separated by one blank line, the lines of a paragraph joined by
 * a space (hard-wrapped text, PDF lines), no trailing spaces. Sentence and paragraph boundaries are then the same
 * whatever the input format. Pure.
 */
public final class Texts {

    private static final Pattern PARAGRAPHS = Pattern.compile("\\n[ \\t\\x0B\\f]*\\n\\s*");
    private static final Pattern SPACES = Pattern.compile("[ \\t\\x0B\\f\\u00A0]+");

    private Texts() {
    }

    public static String normalize(String text) {
        String unix = text.replace("\r\n", "\n").replace('\r', '\n');
        StringBuilder out = new StringBuilder(unix.length());
        for (String paragraph : PARAGRAPHS.split(unix)) {
            String joined = SPACES.matcher(paragraph.replace('\n', ' ')).replaceAll(" ").strip();
            if (!joined.isEmpty()) {
                out.append(out.isEmpty() ? "" : "\n\n").append(joined);
            }
        }
        return out.toString();
    }
}
