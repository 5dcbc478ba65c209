package dev.llmpool.router.policy.scoring;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** How a route combines its scorers' scores. A hard fail always wins: the answer is not acceptable. */
public enum Combination {
    /** The lowest score. */
    MIN,
    /** The weighted mean of the scores (scorers with no opinion, or weight 0, left out). */
    WEIGHTED_MEAN;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Combination> parse(String name) {
        for (Combination c : values()) {
            if (c.json().equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The scores combined; an answer no scorer had an opinion on scores 1. */
    public Judgement combine(List<Score> scores) {
        if (scores.stream().anyMatch(Score::failed)) {
            return new Judgement(0, true, scores);
        }
        List<Score> counted = scores.stream().filter(Score::counts).toList();
        if (counted.isEmpty()) {
            return new Judgement(1, false, scores);
        }
        double value = switch (this) {
            case MIN -> counted.stream().mapToDouble(Score::value).min().orElse(1);
            case WEIGHTED_MEAN -> {
                double weights = counted.stream().mapToDouble(Score::weight).sum();
                yield weights <= 0 ? counted.stream().mapToDouble(Score::value).min().orElse(1)
                        : counted.stream().mapToDouble(s -> s.value() * s.weight()).sum() / weights;
            }
        };
        return new Judgement(value, false, scores);
    }
}
