package dev.llmpool.router.policy.scoring;

import java.util.Map;

/**
 * One scorer of a tier's acceptance.
 *
 * @param weight its weight in a weighted mean (ignored by {@link Combination#MIN})
 * @param params scorer options: {@code use: mean|min} for {@code logprob}; {@code model} (a catalog id) for
 *               {@code judge}; {@code extract} (an {@link AnswerExtractor}) for {@code agreement}
 */
public record ScorerSpec(ScorerKind kind, double weight, Map<String, Object> params) {

    public ScorerSpec {
        params = params == null ? Map.of() : Map.copyOf(params);
    }

    public static ScorerSpec of(ScorerKind kind) {
        return new ScorerSpec(kind, 1.0, Map.of());
    }

    /** What the {@code agreement} scorer compares: the {@code extract} option, else the normalized whole text. */
    public AnswerExtractor extractor() {
        return params.get("extract") instanceof AnswerExtractor e ? e : new AnswerExtractor.Text();
    }

    public String param(String name, String fallback) {
        Object value = params.get(name);
        return value == null ? fallback : value.toString();
    }
}
