package dev.llmpool.router.policy.scoring;

import static dev.llmpool.router.policy.scoring.Scoring.answer;
import static dev.llmpool.router.policy.scoring.Scoring.context;
import static dev.llmpool.router.policy.scoring.Scoring.spec;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PatternScorerTest {

    private final PatternScorer scorer = new PatternScorer();
    private final ScorerSpec spec = spec(ScorerKind.PATTERN);

    @Test
    void thePatternFoundScoresOneAndMissingScoresZero() {
        ScoringContext ctx = context(false, null, "(?m)^Answer: \\S");
        assertThat(scorer.score(answer("Reasoning...\nAnswer: 42"), ctx, spec).value()).isEqualTo(1.0);
        Score missing = scorer.score(answer("The answer is 42."), ctx, spec);
        assertThat(missing.value()).isZero();
        assertThat(missing.failed()).isFalse();
        assertThat(missing.reason()).isEqualTo("expected pattern /(?m)^Answer: \\S/ missing");
    }

    @Test
    void noPatternIsNoOpinion() {
        assertThat(scorer.score(answer("x"), context(false, null, null), spec).verdict())
                .isEqualTo(Score.Verdict.ABSTAIN);
    }
}
