package dev.llmpool.router.policy.scoring;

import java.util.Locale;

/**
 * Token probabilities as confidence: {@code exp(mean logprob)} (the geometric mean token probability), or with
 * {@code use: min} the probability of the least likely token. No opinion when the provider returned none.
 */
public final class LogprobScorer implements Scorer {

    @Override
    public Score score(ScoredAnswer answer, ScoringContext context, ScorerSpec spec) {
        if (answer.logprobs().isEmpty()) {
            return Score.abstain(spec, "no logprobs");
        }
        boolean min = "min".equals(spec.param("use", "mean"));
        double value = min
                ? answer.logprobs().stream().mapToDouble(TokenLogprob::logprob).min().orElse(0)
                : answer.logprobs().stream().mapToDouble(TokenLogprob::logprob).average().orElse(0);
        return Score.of(spec, Math.exp(Math.min(0, value)),
                String.format(Locale.ROOT, "%s logprob %.3f over %d tokens", min ? "min" : "mean", value,
                        answer.logprobs().size()));
    }
}
