package dev.llmpool.router.policy.scoring;

/** The tier's expected pattern must be found in the answer: 1 when it is, 0 when it is not. */
public final class PatternScorer implements Scorer {

    @Override
    public Score score(ScoredAnswer answer, ScoringContext context, ScorerSpec spec) {
        var pattern = context.acceptance().expectedPattern();
        if (pattern == null) {
            return Score.abstain(spec, "no expected pattern");
        }
        if (answer.toolCalls() && answer.content().isEmpty()) {
            return Score.abstain(spec, "tool call");
        }
        return pattern.matcher(answer.content()).find()
                ? Score.of(spec, 1, "expected pattern found")
                : Score.of(spec, 0, "expected pattern /" + pattern.pattern() + "/ missing");
    }
}
