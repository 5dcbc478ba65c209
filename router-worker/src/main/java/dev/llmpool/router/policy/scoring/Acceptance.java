package dev.llmpool.router.policy.scoring;

import java.util.List;
import java.util.regex.Pattern;

/**
 * When a tier's answer is good enough.
 *
 * @param threshold       the combined score an answer needs, in [0,1]
 * @param scorers         the scorers, in order
 * @param expectedPattern a regex the answer must contain (for the {@code pattern} scorer), or null
 */
public record Acceptance(double threshold, List<ScorerSpec> scorers, Pattern expectedPattern) {

    public static final double DEFAULT_THRESHOLD = 0.5;

    /** The scorers used when a tier lists none: truncation, refusal and JSON validity. */
    public static final List<ScorerSpec> DEFAULT_SCORERS = List.of(ScorerSpec.of(ScorerKind.FINISH_REASON),
            ScorerSpec.of(ScorerKind.REFUSAL), ScorerSpec.of(ScorerKind.JSON));

    /** Accept anything that does not hard-fail the default scorers. */
    public static final Acceptance LENIENT = new Acceptance(0, DEFAULT_SCORERS, null);

    public Acceptance {
        if (Double.isNaN(threshold) || threshold < 0 || threshold > 1) {
            throw new IllegalArgumentException("threshold " + threshold + " is not in [0,1]");
        }
        scorers = List.copyOf(scorers);
    }

    public Acceptance withThreshold(double newThreshold) {
        return new Acceptance(newThreshold, scorers, expectedPattern);
    }

    public boolean uses(ScorerKind kind) {
        return scorers.stream().anyMatch(s -> s.kind() == kind);
    }
}
