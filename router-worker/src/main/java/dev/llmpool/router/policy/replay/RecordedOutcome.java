package dev.llmpool.router.policy.replay;

import dev.llmpool.router.policy.scoring.ScoredAnswer;
import dev.llmpool.router.policy.scoring.TokenLogprob;
import dev.llmpool.schemas.openai.Usage;
import java.util.List;

/**
 * What one model answered to one recorded request.
 *
 * @param usage      reported usage, or null (then estimated with jtokkit)
 * @param correct    the label, or null when unlabelled
 * @param judgeScore a recorded judge verdict in [0,1], or null
 */
public record RecordedOutcome(String content, String finishReason, String refusal, List<TokenLogprob> logprobs,
                              Usage usage, Boolean correct, Double judgeScore) {

    public RecordedOutcome {
        logprobs = logprobs == null ? List.of() : List.copyOf(logprobs);
    }

    public ScoredAnswer answer() {
        return new ScoredAnswer(content, finishReason, refusal, false, logprobs, List.of(), judgeScore);
    }
}
