package dev.llmpool.batch.summarize.text;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text's sentences in order, each marked when a paragraph ends with it. Paragraphs are separated by a blank line;
 * sentences are the JDK's {@link BreakIterator} sentences within a paragraph. Whitespace between them belongs to no
 * sentence. Pure.
 */
public final class Sentences {

    private static final Pattern PARAGRAPH_BREAK = Pattern.compile("\\n[ \\t\\x0B\\f\\r]*\\n\\s*");

    private Sentences() {
    }

    public static List<Span> of(String text) {
        List<Span> sentences = new ArrayList<>();
        Matcher breaks = PARAGRAPH_BREAK.matcher(text);
        int from = 0;
        while (breaks.find()) {
            paragraph(text, from, breaks.start(), sentences);
            from = breaks.end();
        }
        paragraph(text, from, text.length(), sentences);
        return sentences;
    }

    private static void paragraph(String text, int from, int to, List<Span> out) {
        BreakIterator iterator = BreakIterator.getSentenceInstance(Locale.ROOT);
        String paragraph = text.substring(from, to);
        iterator.setText(paragraph);
        int before = out.size();
        for (int start = iterator.first(), end = iterator.next(); end != BreakIterator.DONE;
             start = end, end = iterator.next()) {
            int s = from + start;
            int e = from + end;
            while (s < e && Character.isWhitespace(text.charAt(s))) {
                s++;
            }
            while (e > s && Character.isWhitespace(text.charAt(e - 1))) {
                e--;
            }
            if (e > s) {
                out.add(new Span(s, e, false));
            }
        }
        if (out.size() > before) {
            Span last = out.removeLast();
            out.add(new Span(last.start(), last.end(), true));
        }
    }
}
