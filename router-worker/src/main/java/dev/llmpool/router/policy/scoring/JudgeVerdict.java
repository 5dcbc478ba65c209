package dev.llmpool.router.policy.scoring;

import dev.llmpool.schemas.openai.ChatCompletion;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Reads a judge's answer as p(yes) in [0,1]: from the first token's top logprobs when the provider returned them
 * (p(yes) / (p(yes) + p(no))), else 1 for an answer starting with "yes" and 0 for one starting with "no". Empty
 * when the judge said neither.
 */
public final class JudgeVerdict {

    private JudgeVerdict() {
    }

    public static Optional<Double> parse(ChatCompletion judge) {
        if (judge == null || judge.choices() == null || judge.choices().isEmpty()) {
            return Optional.empty();
        }
        ChatCompletion.Choice choice = judge.choices().getFirst();
        Optional<Double> fromLogprobs = fromLogprobs(choice.logprobs());
        if (fromLogprobs.isPresent()) {
            return fromLogprobs;
        }
        return fromText(choice.message() == null ? "" : choice.message().text());
    }

    static Optional<Double> fromText(String text) {
        String word = word(text);
        return switch (word) {
            case "yes" -> Optional.of(1.0);
            case "no" -> Optional.of(0.0);
            default -> Optional.empty();
        };
    }

    private static Optional<Double> fromLogprobs(JsonNode logprobs) {
        if (logprobs == null || logprobs.isNull()) {
            return Optional.empty();
        }
        JsonNode first = logprobs.path("content").path(0);
        JsonNode top = first.get("top_logprobs");
        if (top == null || !top.isArray() || top.isEmpty()) {
            return Optional.empty();
        }
        double yes = 0;
        double no = 0;
        for (JsonNode candidate : top) {
            double p = Math.exp(candidate.path("logprob").asDouble(Double.NEGATIVE_INFINITY));
            switch (word(candidate.path("token").asString(""))) {
                case "yes" -> yes += p;
                case "no" -> no += p;
                default -> {
                }
            }
        }
        return yes + no > 0 ? Optional.of(yes / (yes + no)) : Optional.empty();
    }

    private static String word(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        int end = 0;
        while (end < t.length() && Character.isLetter(t.charAt(end))) {
            end++;
        }
        return t.substring(0, end);
    }
}
