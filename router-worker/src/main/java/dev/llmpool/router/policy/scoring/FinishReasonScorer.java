package dev.llmpool.router.policy.scoring;

import java.util.Set;

/** A truncated answer ({@code length}, Anthropic's {@code max_tokens}) or a filtered one fails; a finished one scores 1. */
public final class FinishReasonScorer implements Scorer {

    static final Set<String> TRUNCATED = Set.of("length", "max_tokens", "max_output_tokens", "MAX_TOKENS");
    static final Set<String> FILTERED = Set.of("content_filter", "SAFETY", "RECITATION", "PROHIBITED_CONTENT");

    @Override
    public Score score(ScoredAnswer answer, ScoringContext context, ScorerSpec spec) {
        String reason = answer.finishReason();
        if (reason == null || reason.isBlank()) {
            return Score.abstain(spec, "no finish reason");
        }
        if (TRUNCATED.contains(reason)) {
            return Score.fail(spec, "truncated (finish_reason " + reason + ")");
        }
        if (FILTERED.contains(reason)) {
            return Score.fail(spec, "filtered (finish_reason " + reason + ")");
        }
        return Score.of(spec, 1, "finished (" + reason + ")");
    }
}
