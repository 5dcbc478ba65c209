package dev.llmpool.batch.summarize.text;

/**
 * A piece of a text: {@code text.substring(start, end)}, trimmed of surrounding whitespace.
 *
 * @param paragraphEnd whether a paragraph ends with it
 */
public record Span(int start, int end, boolean paragraphEnd) {

    public Span {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad span " + start + ".." + end);
        }
    }

    public String of(String text) {
        return text.substring(start, end);
    }
}
