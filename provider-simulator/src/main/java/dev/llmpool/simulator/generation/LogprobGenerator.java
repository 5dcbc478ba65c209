package dev.llmpool.simulator.generation;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic log probabilities: each token gets a value in (-2.5, 0], its alternatives come from the vocabulary
 * with strictly lower values, the chosen token listed first.
 */
final class LogprobGenerator {

    private static final double MAX_SURPRISE = 2.5;

    private LogprobGenerator() {
    }

    static List<TokenLogprob> generate(List<String> tokens, int top, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<TokenLogprob> result = new ArrayList<>(tokens.size());
        for (String token : tokens) {
            double u = random.nextDouble();
            double logprob = round(-(u * u * MAX_SURPRISE));
            List<TopLogprob> alternatives = new ArrayList<>(top);
            if (top > 0) {
                alternatives.add(new TopLogprob(token, logprob));
            }
            double next = logprob;
            String prefix = token.startsWith(" ") ? " " : "";
            while (alternatives.size() < top) {
                next = round(next - 0.25 - random.nextDouble() * 1.5);
                String word = prefix + Words.word(random);
                if (!word.equals(token) && alternatives.stream().noneMatch(a -> a.token().equals(word))) {
                    alternatives.add(new TopLogprob(word, next));
                }
            }
            result.add(new TokenLogprob(token, logprob, alternatives));
        }
        return result;
    }

    private static double round(double value) {
        double rounded = Math.round(value * 1_000_000) / 1_000_000.0;
        return rounded == 0 ? 0.0 : rounded;
    }
}
