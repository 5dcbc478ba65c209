package dev.llmpool.router.policy.scoring;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The combined verdict on an answer.
 *
 * @param score      the combined score in [0,1] (0 when hard-failed)
 * @param hardFailed some scorer failed the answer outright
 * @param scores     every scorer's opinion, in the acceptance's order
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Judgement(double score, boolean hardFailed, List<Score> scores) {

    public Judgement {
        scores = scores == null ? List.of() : List.copyOf(scores);
    }

    /** A hard fail with one reason, for an attempt that produced no answer to judge. */
    public static Judgement failed(String scorer, String reason) {
        return new Judgement(0, true, List.of(new Score(scorer, Score.Verdict.HARD_FAIL, 0, 1, reason)));
    }

    public boolean accepted(double threshold) {
        return !hardFailed && score >= threshold;
    }

    /** The hard fail reasons, or the scored reasons, joined. */
    public String summary() {
        return String.join("; ", scores.stream().filter(s -> hardFailed ? s.failed() : s.counts())
                .map(Score::toString).toList());
    }
}
