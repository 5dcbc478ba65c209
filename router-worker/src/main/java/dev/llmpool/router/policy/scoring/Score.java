package dev.llmpool.router.policy.scoring;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One scorer's opinion of an answer.
 *
 * @param scorer  the scorer's name
 * @param verdict a score, a hard fail, or no opinion (the signal is absent or does not apply)
 * @param value   the score in [0,1]; 0 for a hard fail, 1 when abstaining
 * @param weight  the scorer's weight in a weighted mean
 * @param reason  why, in a few words
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Score(String scorer, Verdict verdict, double value, double weight, String reason) {

    /** What a scorer concluded. */
    public enum Verdict {
        SCORED, HARD_FAIL, ABSTAIN;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Score {
        if (Double.isNaN(value) || value < 0 || value > 1) {
            throw new IllegalArgumentException("score " + value + " is not in [0,1]");
        }
    }

    public static Score of(ScorerSpec spec, double value, String reason) {
        return new Score(spec.kind().json(), Verdict.SCORED, Math.max(0, Math.min(1, value)), spec.weight(), reason);
    }

    public static Score fail(ScorerSpec spec, String reason) {
        return new Score(spec.kind().json(), Verdict.HARD_FAIL, 0, spec.weight(), reason);
    }

    public static Score abstain(ScorerSpec spec, String reason) {
        return new Score(spec.kind().json(), Verdict.ABSTAIN, 1, spec.weight(), reason);
    }

    public boolean failed() {
        return verdict == Verdict.HARD_FAIL;
    }

    /** Whether the score takes part in a combination. */
    public boolean counts() {
        return verdict == Verdict.SCORED;
    }

    @Override
    public String toString() {
        return switch (verdict) {
            case SCORED -> scorer + "=" + String.format(Locale.ROOT, "%.3f", value) + " (" + reason + ")";
            case HARD_FAIL -> scorer + "=FAIL (" + reason + ")";
            case ABSTAIN -> scorer + "=- (" + reason + ")";
        };
    }
}
