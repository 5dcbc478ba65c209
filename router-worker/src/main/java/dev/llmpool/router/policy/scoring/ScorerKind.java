package dev.llmpool.router.policy.scoring;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The scorers a tier's acceptance may list, by their name in the rules file. */
public enum ScorerKind {
    /** Truncated ({@code length}, {@code max_tokens}) or filtered answers fail. */
    FINISH_REASON,
    /** {@code message.refusal}, a {@code refusal} stop reason, or an answer that reads like one. */
    REFUSAL,
    /** JSON validity, and JSON-schema validity, when the request asked for JSON. */
    JSON,
    /** The tier's {@code expected_pattern} must be found in the answer. */
    PATTERN,
    /** Mean (or, with {@code use: min}, minimum) token probability, when the provider returned logprobs. */
    LOGPROB,
    /** Agreement across n sampled answers. */
    AGREEMENT,
    /** A judge model's yes/no verdict on the answer. */
    JUDGE;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ScorerKind> parse(String name) {
        return Arrays.stream(values()).filter(k -> k.json().equals(name)).findFirst();
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(ScorerKind::json).toList();
    }
}
