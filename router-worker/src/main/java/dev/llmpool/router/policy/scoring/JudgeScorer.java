package dev.llmpool.router.policy.scoring;

import java.util.Locale;

/** A judge model's verdict (see {@link JudgePrompt} and {@link JudgeVerdict}); no opinion until a judge has answered. */
public final class JudgeScorer implements Scorer {

    @Override
    public Score score(ScoredAnswer answer, ScoringContext context, ScorerSpec spec) {
        if (answer.judgeScore() == null) {
            return Score.abstain(spec, "no judge verdict");
        }
        return Score.of(spec, answer.judgeScore(), String.format(Locale.ROOT, "judge p(yes)=%.3f",
                answer.judgeScore()));
    }
}
