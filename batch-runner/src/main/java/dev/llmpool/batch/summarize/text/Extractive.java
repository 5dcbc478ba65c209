package dev.llmpool.batch.summarize.text;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An extractive summary: a text's most central sentences, in their order, within a token budget. Centrality is
 * TextRank (Mihalcea and Tarau, 2004): PageRank over the sentences, two sentences linked by the words they share,
 * normalized by their lengths' logarithms (common English words left out). Ties go to the earlier sentence, so the same text always gives the same
 * summary. Used where every provider failed for a chunk: the pipeline goes on with this instead. Pure.
 */
public final class Extractive {

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    /** Common English words, which link sentences that share nothing else. */
    private static final Set<String> STOP_WORDS = Set.of("a", "an", "and", "are", "as", "at", "be", "but", "by",
            "for", "from", "had", "has", "have", "he", "her", "his", "i", "in", "is", "it", "its", "me", "my", "no",
            "not", "of", "on", "or", "our", "she", "so", "that", "the", "their", "them", "there", "they", "this",
            "to", "was", "we", "were", "which", "who", "will", "with", "you");
    private static final double DAMPING = 0.85;
    private static final int ITERATIONS = 50;
    /** Sentences compared pairwise at most; a longer text is ranked on its first ones (quadratic otherwise). */
    private static final int MAX_SENTENCES = 600;

    private final ToIntFunction<String> tokens;

    public Extractive(ToIntFunction<String> tokens) {
        this.tokens = tokens;
    }

    /** The central sentences of {@code text}, in text order, at most {@code maxTokens} tokens in all. */
    public String summarize(String text, int maxTokens) {
        List<Span> all = Sentences.of(text);
        List<Span> sentences = all.size() > MAX_SENTENCES ? all.subList(0, MAX_SENTENCES) : all;
        if (sentences.isEmpty()) {
            return "";
        }
        double[] scores = rank(text, sentences);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < sentences.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingDouble(i -> -scores[i]).thenComparingInt(i -> i));
        boolean[] chosen = new boolean[sentences.size()];
        int used = 0;
        for (int i : order) {
            int cost = tokens.applyAsInt(sentences.get(i).of(text)) + 1;
            if (used + cost <= maxTokens) {
                chosen[i] = true;
                used += cost;
            }
        }
        StringBuilder summary = new StringBuilder();
        for (int i = 0; i < sentences.size(); i++) {
            if (chosen[i]) {
                if (!summary.isEmpty()) {
                    summary.append(' ');
                }
                summary.append(sentences.get(i).of(text));
            }
        }
        return summary.toString();
    }

    /** TextRank scores of the sentences. */
    static double[] rank(String text, List<Span> sentences) {
        int n = sentences.size();
        List<Set<String>> words = new ArrayList<>(n);
        for (Span sentence : sentences) {
            words.add(words(sentence.of(text)));
        }
        double[][] weights = new double[n][n];
        double[] outgoing = new double[n];
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                double w = similarity(words.get(a), words.get(b));
                weights[a][b] = w;
                weights[b][a] = w;
                outgoing[a] += w;
                outgoing[b] += w;
            }
        }
        double[] scores = new double[n];
        java.util.Arrays.fill(scores, 1.0);
        for (int iteration = 0; iteration < ITERATIONS; iteration++) {
            double[] next = new double[n];
            for (int a = 0; a < n; a++) {
                double sum = 0;
                for (int b = 0; b < n; b++) {
                    if (weights[b][a] > 0) {
                        sum += weights[b][a] / outgoing[b] * scores[b];
                    }
                }
                next[a] = (1 - DAMPING) + DAMPING * sum;
            }
            scores = next;
        }
        return scores;
    }

    static double similarity(Set<String> a, Set<String> b) {
        if (a.size() < 2 || b.size() < 2) {
            return 0;
        }
        int common = 0;
        for (String word : a) {
            if (b.contains(word)) {
                common++;
            }
        }
        return common == 0 ? 0 : common / (Math.log(a.size()) + Math.log(b.size()));
    }

    private static Set<String> words(String sentence) {
        Set<String> words = new HashSet<>();
        Matcher m = WORD.matcher(sentence.toLowerCase(Locale.ROOT));
        while (m.find()) {
            if (!STOP_WORDS.contains(m.group())) {
                words.add(m.group());
            }
        }
        return words;
    }
}
