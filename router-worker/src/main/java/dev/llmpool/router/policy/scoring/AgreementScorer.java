package dev.llmpool.router.policy.scoring;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Agreement across n sampled answers: the share of samples whose final answer equals the most common one. The
 * final answer is what the spec's {@link AnswerExtractor} finds (by default the whole text, normalized for case,
 * spacing and trailing punctuation); a sample in which it finds none agrees with no other. No opinion with fewer
 * than two samples.
 */
public final class AgreementScorer implements Scorer {

    @Override
    public Score score(ScoredAnswer answer, ScoringContext context, ScorerSpec spec) {
        if (answer.samples().size() < 2) {
            return Score.abstain(spec, "fewer than 2 samples");
        }
        double agreement = agreement(answer.samples(), spec.extractor());
        int n = answer.samples().size();
        return Score.of(spec, agreement, Math.round(agreement * n) + "/" + n + " samples agree");
    }

    /** As {@link #agreement(List, AnswerExtractor)} on the normalized whole text. */
    public static double agreement(List<String> answers) {
        return agreement(answers, new AnswerExtractor.Text());
    }

    /** The share of answers whose extracted answer equals the most common one; 1 for zero or one answer. */
    public static double agreement(List<String> answers, AnswerExtractor extractor) {
        if (answers.size() < 2) {
            return 1;
        }
        Map<String, Integer> counts = new HashMap<>();
        int best = 0;
        for (int i = 0; i < answers.size(); i++) {
            Optional<String> extracted = extractor.extract(answers.get(i));
            // no answer found: a key of its own, so it agrees with nothing
            String key = extracted.map(s -> "=" + s).orElse("#" + i);
            best = Math.max(best, counts.merge(key, 1, Integer::sum));
        }
        return (double) best / answers.size();
    }
}
