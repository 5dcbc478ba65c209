package dev.llmpool.batch.summarize.text;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Cuts a text into chunks of at most {@code maxTokens} tokens that together cover all of it, each starting with up
 * to {@code overlapTokens} tokens of whole sentences from the end of the one before. A chunk ends at a paragraph's
 * end when one lies in its second half, else at a sentence's end; a sentence longer than a chunk is cut at
 * whitespace (at any character when it has none). Token counts are the model's (jtokkit); every chunk's count is
 * checked on its exact text, so no chunk is ever over the limit. Pure.
 */
public final class Chunker {

    private final ToIntFunction<String> tokens;
    private final int maxTokens;
    private final int overlapTokens;

    /**
     * @param tokens        counts the tokens of a text for the model the chunks are for
     * @param maxTokens     the most tokens a chunk may have
     * @param overlapTokens the most tokens a chunk repeats from the one before
     */
    public Chunker(ToIntFunction<String> tokens, int maxTokens, int overlapTokens) {
        if (maxTokens < 1 || overlapTokens < 0 || overlapTokens >= maxTokens) {
            throw new IllegalArgumentException("a chunk needs at least 1 token and an overlap below its size; got "
                    + maxTokens + " and " + overlapTokens);
        }
        this.tokens = tokens;
        this.maxTokens = maxTokens;
        this.overlapTokens = overlapTokens;
    }

    public List<Chunk> chunks(String text) {
        List<Span> units = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        for (Span sentence : Sentences.of(text)) {
            fit(text, sentence, units, counts);
        }
        List<Chunk> chunks = new ArrayList<>();
        int n = units.size();
        int i = 0;
        while (i < n) {
            int j = i;
            long sum = 0;
            while (j < n && sum + counts.get(j) + (j > i ? 1 : 0) <= maxTokens) {
                sum += counts.get(j) + (j > i ? 1 : 0);
                j++;
            }
            j = Math.max(j, i + 1);
            if (j < n) {
                j = paragraphEnd(units, counts, i, j);
            }
            int exact = tokens.applyAsInt(text.substring(units.get(i).start(), units.get(j - 1).end()));
            while (exact > maxTokens && j > i + 1) {
                j--;
                exact = tokens.applyAsInt(text.substring(units.get(i).start(), units.get(j - 1).end()));
            }
            chunks.add(new Chunk(chunks.size(), units.get(i).start(), units.get(j - 1).end(), exact));
            if (j >= n) {
                break;
            }
            int next = j;
            long overlap = 0;
            while (next - 1 > i && overlap + counts.get(next - 1) <= overlapTokens) {
                overlap += counts.get(next - 1);
                next--;
            }
            i = next;
        }
        return chunks;
    }

    /** The end (exclusive) of the last paragraph ending in units [i, j) when it keeps at least half a chunk. */
    private int paragraphEnd(List<Span> units, List<Integer> counts, int i, int j) {
        long sum = 0;
        int best = j;
        for (int k = i; k < j; k++) {
            sum += counts.get(k);
            if (units.get(k).paragraphEnd() && sum >= maxTokens / 2) {
                best = k + 1;
            }
        }
        return best;
    }

    /** Adds the span as one unit when it fits a chunk, else cut in two at whitespace near its middle, again. */
    private void fit(String text, Span span, List<Span> units, List<Integer> counts) {
        int count = tokens.applyAsInt(span.of(text));
        if (count <= maxTokens || span.end() - span.start() <= 1) {
            units.add(span);
            counts.add(count);
            return;
        }
        int middle = cut(text, span);
        int leftEnd = middle;
        while (leftEnd > span.start() && Character.isWhitespace(text.charAt(leftEnd - 1))) {
            leftEnd--;
        }
        int rightStart = middle;
        while (rightStart < span.end() && Character.isWhitespace(text.charAt(rightStart))) {
            rightStart++;
        }
        fit(text, new Span(span.start(), leftEnd, false), units, counts);
        fit(text, new Span(rightStart, span.end(), span.paragraphEnd()), units, counts);
    }

    /** Whitespace nearest the middle of the span, else the middle itself (never splitting a surrogate pair). */
    private static int cut(String text, Span span) {
        int middle = span.start() + (span.end() - span.start()) / 2;
        for (int d = 0; d < (span.end() - span.start()) / 2; d++) {
            if (middle - d > span.start() && Character.isWhitespace(text.charAt(middle - d))) {
                return middle - d;
            }
            if (middle + d < span.end() - 1 && Character.isWhitespace(text.charAt(middle + d))) {
                return middle + d;
            }
        }
        if (Character.isLowSurrogate(text.charAt(middle)) && middle - 1 > span.start()) {
            middle--;
        }
        return middle;
    }
}
