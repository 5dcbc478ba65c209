package dev.llmpool.router.policy.scoring;

import static dev.llmpool.router.policy.scoring.Scoring.PLAIN;
import static dev.llmpool.router.policy.scoring.Scoring.answer;
import static dev.llmpool.router.policy.scoring.Scoring.spec;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RefusalScorerTest {

    private final RefusalScorer scorer = new RefusalScorer();
    private final ScorerSpec spec = spec(ScorerKind.REFUSAL);

    @Test
    void anOpenAiRefusalFieldFails() {
        ScoredAnswer refused = new ScoredAnswer("", "stop", "I can't help with that.", false, List.of(), List.of(), null);
        Score score = scorer.score(refused, PLAIN, spec);
        assertThat(score.failed()).isTrue();
        assertThat(score.reason()).isEqualTo("refused: I can't help with that.");
    }

    @Test
    void anAnthropicRefusalStopReasonFails() {
        assertThat(scorer.score(ScoredAnswer.text("", "refusal"), PLAIN, spec).failed()).isTrue();
    }

    @Test
    void anAnswerThatOpensLikeARefusalScoresLow() {
        Score score = scorer.score(answer("I'm sorry, but I can't help with that request."), PLAIN, spec);
        assertThat(score.failed()).isFalse();
        assertThat(score.value()).isEqualTo(RefusalScorer.SOUNDS_LIKE_REFUSAL);
        assertThat(scorer.score(answer("I cannot assist with this."), PLAIN, spec).value())
                .isEqualTo(RefusalScorer.SOUNDS_LIKE_REFUSAL);
    }

    @Test
    void anOrdinaryAnswerScoresOne() {
        assertThat(scorer.score(answer("Paris. I can't stress enough how lovely it is."), PLAIN, spec).value())
                .isEqualTo(1.0);
    }
}
