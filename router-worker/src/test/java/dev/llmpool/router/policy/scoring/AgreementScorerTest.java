package dev.llmpool.router.policy.scoring;

import static dev.llmpool.router.policy.scoring.Scoring.PLAIN;
import static dev.llmpool.router.policy.scoring.Scoring.answer;
import static dev.llmpool.router.policy.scoring.Scoring.spec;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AgreementScorerTest {

    private final AgreementScorer scorer = new AgreementScorer();

    @Test
    void theShareOfSamplesEqualToTheMostCommonAfterNormalizing() {
        assertThat(AgreementScorer.agreement(List.of("Paris", "paris.", " PARIS ", "Lyon"))).isEqualTo(0.75);
        assertThat(AgreementScorer.agreement(List.of("a", "b", "c"))).isEqualTo(1.0 / 3);
        assertThat(AgreementScorer.agreement(List.of("x"))).isEqualTo(1.0);
    }

    @Test
    void scoresTheSamplesOfAnAnswer() {
        ScoredAnswer sampled = new ScoredAnswer("42", "stop", null, false, List.of(), List.of("42", "42", "41"), null);
        Score score = scorer.score(sampled, PLAIN, spec(ScorerKind.AGREEMENT));
        assertThat(score.value()).isEqualTo(2.0 / 3);
        assertThat(score.reason()).isEqualTo("2/3 samples agree");
    }

    @Test
    void oneSampleIsNoOpinion() {
        assertThat(scorer.score(answer("42"), PLAIN, spec(ScorerKind.AGREEMENT)).verdict())
                .isEqualTo(Score.Verdict.ABSTAIN);
    }
}
