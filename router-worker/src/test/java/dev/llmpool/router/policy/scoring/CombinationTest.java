package dev.llmpool.router.policy.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class CombinationTest {

    private static Score scored(double value, double weight) {
        return new Score("s", Score.Verdict.SCORED, value, weight, "r");
    }

    private static final Score ABSTAIN = new Score("a", Score.Verdict.ABSTAIN, 1, 5, "none");
    private static final Score FAIL = new Score("f", Score.Verdict.HARD_FAIL, 0, 1, "truncated");

    @Test
    void minimumTakesTheLowestScore() {
        Judgement j = Combination.MIN.combine(List.of(scored(0.9, 1), scored(0.4, 1), ABSTAIN));
        assertThat(j.score()).isEqualTo(0.4);
        assertThat(j.hardFailed()).isFalse();
    }

    @Test
    void weightedMeanWeighsScoresAndLeavesOutAbstentions() {
        Judgement j = Combination.WEIGHTED_MEAN.combine(List.of(scored(1.0, 1), scored(0.0, 2), scored(0.5, 1),
                ABSTAIN));
        assertThat(j.score()).isCloseTo(1.5 / 4, within(1e-12));
        assertThat(Combination.WEIGHTED_MEAN.combine(List.of(scored(0.2, 0), scored(0.6, 0))).score()).isEqualTo(0.2);
    }

    @Test
    void aHardFailWinsWhateverTheOtherScores() {
        for (Combination c : Combination.values()) {
            Judgement j = c.combine(List.of(scored(1, 10), FAIL));
            assertThat(j.hardFailed()).isTrue();
            assertThat(j.score()).isZero();
            assertThat(j.accepted(0)).isFalse();
            assertThat(j.summary()).isEqualTo("f=FAIL (truncated)");
        }
    }

    @Test
    void noOpinionAtAllScoresOne() {
        assertThat(Combination.MIN.combine(List.of(ABSTAIN)).score()).isEqualTo(1.0);
        assertThat(Combination.MIN.combine(List.of()).score()).isEqualTo(1.0);
    }

    @Test
    void acceptedMeansAtLeastTheThreshold() {
        Judgement j = Combination.MIN.combine(List.of(scored(0.6, 1)));
        assertThat(j.accepted(0.6)).isTrue();
        assertThat(j.accepted(0.61)).isFalse();
    }

    @Test
    void namesParseAndScoresStayInRange() {
        assertThat(Combination.parse("weighted_mean")).contains(Combination.WEIGHTED_MEAN);
        assertThat(Combination.parse("mean")).isEmpty();
        assertThatThrownBy(() -> scored(1.2, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
