package dev.llmpool.router.policy.scoring;

import java.util.regex.Pattern;

/**
 * A refusal fails: OpenAI's {@code message.refusal}, or a {@code refusal} finish reason (Anthropic's stop reason as
 * the adapters pass it on). An answer that merely opens like a refusal scores low instead of failing.
 */
public final class RefusalScorer implements Scorer {

    static final double SOUNDS_LIKE_REFUSAL = 0.2;

    private static final Pattern REFUSAL_OPENING = Pattern.compile(
            "^\\s*(?:I['’]m sorry,? but |I am sorry,? but |Sorry,? but )?I (?:can(?:['’]|no)t|am unable to|won['’]t) "
                    + "(?:help|assist|comply|provide|do that|answer)", Pattern.CASE_INSENSITIVE);

    @Override
    public Score score(ScoredAnswer answer, ScoringContext context, ScorerSpec spec) {
        if (answer.refusal() != null && !answer.refusal().isBlank()) {
            return Score.fail(spec, "refused: " + abbreviate(answer.refusal()));
        }
        if ("refusal".equals(answer.finishReason())) {
            return Score.fail(spec, "refused (finish_reason refusal)");
        }
        if (REFUSAL_OPENING.matcher(answer.content()).find()) {
            return Score.of(spec, SOUNDS_LIKE_REFUSAL, "reads like a refusal");
        }
        return Score.of(spec, 1, "no refusal");
    }

    static String abbreviate(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= 60 ? flat : flat.substring(0, 57) + "...";
    }
}
