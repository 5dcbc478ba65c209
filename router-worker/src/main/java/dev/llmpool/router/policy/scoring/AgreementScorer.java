package dev.llmpool.router.policy.scoring;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Agreement across n sampled answers: the share of samples equal to the most common one, compared after
 * normalizing case, spacing and trailing punctuation. No opinion with fewer than two samples.
 */
public final class AgreementScorer implements Scorer {

    @Override
    public Score score(ScoredAnswer answer, ScoringContext context, ScorerSpec spec) {
        if (answer.samples().size() < 2) {
            return Score.abstain(spec, "fewer than 2 samples");
        }
        double agreement = agreement(answer.samples());
        int n = answer.samples().size();
        return Score.of(spec, agreement, Math.round(agreement * n) + "/" + n + " samples agree");
    }

    /** The share of answers equal to the most common one, after normalizing; 1 for zero or one answer. */
    public static double agreement(List<String> answers) {
        if (answers.size() < 2) {
            return 1;
        }
        Map<String, Integer> counts = new HashMap<>();
        int best = 0;
        for (String a : answers) {
            best = Math.max(best, counts.merge(normalize(a), 1, Integer::sum));
        }
        return (double) best / answers.size();
    }

    static String normalize(String answer) {
        return answer == null ? "" : answer.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ")
                .replaceAll("[.!?;:,\\s]+$", "");
    }
}
