package dev.llmpool.router.policy.scoring;

import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.ChatMessage;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * An answer under scoring: what the scorers read of one answer (not a wire type; Gemini's {@code Candidate} is).
 *
 * @param content      the first choice's text ("" when there is none)
 * @param finishReason the provider's finish reason, mapped to OpenAI's words where the adapter did so
 * @param refusal      {@code message.refusal}, or null
 * @param toolCalls    the answer is a tool call rather than text
 * @param logprobs     the first choice's token log probabilities, empty when the provider gave none
 * @param samples      every choice's text when more than one answer was sampled, else empty
 * @param judgeScore   a judge model's verdict in [0,1] on this answer, or null when no judge ran
 */
public record ScoredAnswer(String content, String finishReason, String refusal, boolean toolCalls,
                        List<TokenLogprob> logprobs, List<String> samples, Double judgeScore) {

    public ScoredAnswer {
        content = content == null ? "" : content;
        logprobs = logprobs == null ? List.of() : List.copyOf(logprobs);
        samples = samples == null ? List.of() : List.copyOf(samples);
    }

    public static ScoredAnswer text(String content, String finishReason) {
        return new ScoredAnswer(content, finishReason, null, false, List.of(), List.of(), null);
    }

    public ScoredAnswer withJudgeScore(Double score) {
        return new ScoredAnswer(content, finishReason, refusal, toolCalls, logprobs, samples, score);
    }

    public ScoredAnswer withFinishReason(String reason) {
        return new ScoredAnswer(content, reason, refusal, toolCalls, logprobs, samples, judgeScore);
    }

    /** The answer in a chat completion: the first choice, with every choice's text as samples when n > 1. */
    public static ScoredAnswer of(ChatCompletion completion) {
        if (completion == null || completion.choices() == null || completion.choices().isEmpty()) {
            return new ScoredAnswer("", null, null, false, List.of(), List.of(), null);
        }
        ChatCompletion.Choice first = completion.choices().getFirst();
        ChatMessage message = first.message();
        List<String> samples = new ArrayList<>();
        if (completion.choices().size() > 1) {
            completion.choices().forEach(c -> samples.add(c.message() == null ? "" : c.message().text()));
        }
        return new ScoredAnswer(message == null ? "" : message.text(), first.finishReason(),
                message == null ? null : message.refusal(),
                message != null && message.toolCalls() != null && !message.toolCalls().isEmpty(),
                logprobs(first.logprobs()), samples, null);
    }

    /** OpenAI's {@code choices[].logprobs}: {@code {"content":[{"token","logprob",…}]}}; a bare array works too. */
    public static List<TokenLogprob> logprobs(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return List.of();
        }
        JsonNode items = node.isArray() ? node : node.get("content");
        List<TokenLogprob> list = new ArrayList<>();
        if (items != null && items.isArray()) {
            for (JsonNode item : items) {
                JsonNode lp = item.get("logprob");
                if (lp != null && lp.isNumber()) {
                    list.add(new TokenLogprob(item.path("token").asString(""), lp.doubleValue()));
                }
            }
        }
        return list;
    }
}
