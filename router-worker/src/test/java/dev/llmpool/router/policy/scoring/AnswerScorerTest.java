package dev.llmpool.router.policy.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AnswerScorerTest {

    private final AnswerScorer scorer = new AnswerScorer();

    @Test
    void runsTheTiersScorersInOrderAndCombinesThem() {
        Acceptance acceptance = new Acceptance(0.6, List.of(ScorerSpec.of(ScorerKind.FINISH_REASON),
                ScorerSpec.of(ScorerKind.PATTERN), new ScorerSpec(ScorerKind.LOGPROB, 1, Map.of())),
                Pattern.compile("Answer:"));
        ScoredAnswer answer = new ScoredAnswer("Answer: 4", "stop", null, false, List.of(new TokenLogprob("4", -1.0)),
                List.of(), null);
        Judgement j = scorer.judge(answer, new ScoringContext(false, null, acceptance), Combination.MIN);
        assertThat(j.scores()).extracting(Score::scorer).containsExactly("finish_reason", "pattern", "logprob");
        assertThat(j.score()).isEqualTo(Math.exp(-1.0));
        assertThat(j.accepted(acceptance.threshold())).isFalse();
        Judgement truncated = scorer.judge(answer.withFinishReason("length"), new ScoringContext(false, null,
                acceptance), Combination.WEIGHTED_MEAN);
        assertThat(truncated.hardFailed()).isTrue();
    }
}
