package dev.llmpool.simulator.generation;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Draws tokens from the {@link Vocabulary}: one word per token, sentences capitalized and ended with a period. */
final class Words {

    private static final int SENTENCE_END_ONE_IN = 9;

    private Words() {
    }

    /**
     * {@code count} tokens of prose. A capped answer is a prefix of the full one: only the very last token gets the
     * closing period, and only when {@code complete}.
     */
    static List<String> tokens(SplittableRandom random, int count, boolean complete) {
        List<String> tokens = new ArrayList<>(count);
        boolean capitalize = true;
        for (int i = 0; i < count; i++) {
            String word = word(random);
            if (capitalize) {
                word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
            }
            boolean endSentence = random.nextInt(SENTENCE_END_ONE_IN) == 0 || complete && i == count - 1;
            if (endSentence) {
                word = word + '.';
            }
            capitalize = endSentence;
            tokens.add(i == 0 ? word : " " + word);
        }
        return tokens;
    }

    /** Prose of {@code count} words as one string. */
    static String sentence(SplittableRandom random, int count) {
        return String.join("", tokens(random, count, true));
    }

    static String word(SplittableRandom random) {
        return Vocabulary.WORDS.get(random.nextInt(Vocabulary.WORDS.size()));
    }
}
