package dev.llmpool.router.policy.scoring;

import static dev.llmpool.router.policy.scoring.Scoring.PLAIN;
import static dev.llmpool.router.policy.scoring.Scoring.spec;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FinishReasonScorerTest {

    private final FinishReasonScorer scorer = new FinishReasonScorer();

    private Score score(String reason) {
        return scorer.score(ScoredAnswer.text("x", reason), PLAIN, spec(ScorerKind.FINISH_REASON));
    }

    @ParameterizedTest
    @ValueSource(strings = {"length", "max_tokens", "MAX_TOKENS"})
    void aTruncatedAnswerFails(String reason) {
        Score score = score(reason);
        assertThat(score.failed()).isTrue();
        assertThat(score.reason()).startsWith("truncated");
    }

    @Test
    void aFilteredAnswerFails() {
        assertThat(score("content_filter").failed()).isTrue();
        assertThat(score("content_filter").reason()).startsWith("filtered");
    }

    @ParameterizedTest
    @ValueSource(strings = {"stop", "end_turn", "stop_sequence", "tool_calls", "tool_use"})
    void aFinishedAnswerScoresOne(String reason) {
        assertThat(score(reason).value()).isEqualTo(1.0);
        assertThat(score(reason).counts()).isTrue();
    }

    @Test
    void noFinishReasonIsNoOpinion() {
        assertThat(score(null).verdict()).isEqualTo(Score.Verdict.ABSTAIN);
    }
}
