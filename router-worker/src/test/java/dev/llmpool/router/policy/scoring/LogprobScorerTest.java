package dev.llmpool.router.policy.scoring;

import static dev.llmpool.router.policy.scoring.Scoring.PLAIN;
import static dev.llmpool.router.policy.scoring.Scoring.answer;
import static dev.llmpool.router.policy.scoring.Scoring.spec;
import static dev.llmpool.router.policy.scoring.Scoring.withLogprobs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LogprobScorerTest {

    private final LogprobScorer scorer = new LogprobScorer();

    @Test
    void theMeanTokenLogprobBecomesTheGeometricMeanProbability() {
        Score score = scorer.score(withLogprobs("a b c", -0.1, -0.3, -0.2), PLAIN, spec(ScorerKind.LOGPROB));
        assertThat(score.value()).isCloseTo(Math.exp(-0.2), within(1e-12));
        assertThat(score.reason()).isEqualTo("mean logprob -0.200 over 3 tokens");
    }

    @Test
    void useMinTakesTheLeastLikelyToken() {
        Score score = scorer.score(withLogprobs("a b c", -0.1, -2.0, -0.2), PLAIN,
                spec(ScorerKind.LOGPROB, 1, Map.of("use", "min")));
        assertThat(score.value()).isCloseTo(Math.exp(-2.0), within(1e-12));
    }

    @Test
    void lowLogprobsScoreLowAndCertaintyScoresOne() {
        assertThat(scorer.score(withLogprobs("x", -1.5, -1.5), PLAIN, spec(ScorerKind.LOGPROB)).value())
                .isLessThan(0.25);
        assertThat(scorer.score(withLogprobs("x", 0, 0), PLAIN, spec(ScorerKind.LOGPROB)).value()).isEqualTo(1.0);
    }

    @Test
    void noLogprobsIsNoOpinion() {
        assertThat(scorer.score(answer("x"), PLAIN, spec(ScorerKind.LOGPROB)).verdict())
                .isEqualTo(Score.Verdict.ABSTAIN);
    }
}
