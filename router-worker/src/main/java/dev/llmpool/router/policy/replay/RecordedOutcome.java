package dev.llmpool.router.policy.replay;

import dev.llmpool.router.policy.scoring.ScoredAnswer;
import dev.llmpool.router.policy.scoring.TokenLogprob;
import dev.llmpool.schemas.openai.Usage;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.util.List;

/**
 * What one model answered to one recorded request: one answer, or n sampled ones (self-consistency), or both.
 *
 * @param content    the answer returned; when absent, the first sample's
 * @param logprobs   the answer's token logprobs; when absent, the first sample's
 * @param usage      reported usage, or null (then estimated with jtokkit)
 * @param correct    the label of the answer returned, or null when unlabelled
 * @param judgeScore a recorded judge verdict in [0,1], or null
 * @param samples    the n sampled answers when the request asked for several, else empty
 */
@RecordBuilder
public record RecordedOutcome(String content, String finishReason, String refusal, List<TokenLogprob> logprobs,
                              Usage usage, Boolean correct, Double judgeScore, List<Sample> samples) {

    /** One sampled answer. */
    public record Sample(String content, List<TokenLogprob> logprobs) {
        public Sample {
            content = content == null ? "" : content;
            logprobs = logprobs == null ? List.of() : List.copyOf(logprobs);
        }
    }

    public RecordedOutcome {
        samples = samples == null ? List.of() : List.copyOf(samples);
        if (content == null && !samples.isEmpty()) {
            content = samples.getFirst().content();
        }
        if ((logprobs == null || logprobs.isEmpty()) && !samples.isEmpty()) {
            logprobs = samples.getFirst().logprobs();
        }
        logprobs = logprobs == null ? List.of() : List.copyOf(logprobs);
    }

    /** The answer as the scorers see it live: with every sample's text when there are two or more. */
    public ScoredAnswer answer() {
        List<String> texts = samples.size() < 2 ? List.of() : samples.stream().map(Sample::content).toList();
        return new ScoredAnswer(content, finishReason, refusal, false, logprobs, texts, judgeScore);
    }
}
