package dev.llmpool.batch.summarize.plan;

import dev.llmpool.schemas.openai.ChatCompletionRequest;
import dev.llmpool.schemas.openai.ChatMessage;
import java.util.List;

/**
 * The requests of a pipeline's four kinds of call: a chunk's summary, a short document in one call, an intermediate
 * combination of summaries and the final one. Temperature 0, so an answer is the same when asked again (and the
 * pool's cache may give it). Pure.
 */
public final class Prompts {

    private final SummaryOptions options;

    public Prompts(SummaryOptions options) {
        this.options = options;
    }

    public ChatCompletionRequest map(String model, String title, int part, int parts, String text) {
        return request(model, "This is part " + part + " of " + parts + " of the document \"" + title + "\". Summarize"
                + " this part in at most about " + words(options.chunkSummaryTokens()) + " words, keeping the names,"
                + " numbers, events and claims that matter.\n\n---\n" + text, options.chunkSummaryTokens());
    }

    public ChatCompletionRequest single(String model, String title, String text) {
        return request(model, "Summarize the document \"" + title + "\" " + options.style().phrase()
                + ", in at most about " + words(options.targetTokens()) + " words.\n\n---\n" + text,
                options.finalAnswerTokens());
    }

    public ChatCompletionRequest combine(String model, String title, int firstPart, int lastPart,
                                         List<String> summaries) {
        return request(model, "These are summaries of parts " + firstPart + " to " + lastPart + ", in order, of the"
                + " document \"" + title + "\". Combine them into one summary of those parts in at most about "
                + words(options.chunkSummaryTokens()) + " words, keeping what matters most.\n\n"
                + numbered(summaries), options.chunkSummaryTokens());
    }

    public ChatCompletionRequest finish(String model, String title, List<String> summaries) {
        return request(model, "These are summaries of consecutive parts, in order, of the document \"" + title
                + "\". Write the summary of the whole document " + options.style().phrase() + ", in at most about "
                + words(options.targetTokens()) + " words.\n\n" + numbered(summaries), options.finalAnswerTokens());
    }

    private ChatCompletionRequest request(String model, String user, int maxTokens) {
        String system = "You summarize documents faithfully. Answer with the summary only, without a preamble."
                + (options.instructions() == null ? "" : "\n" + options.instructions());
        return ChatCompletionRequest.builder().model(model)
                .messages(List.of(ChatMessage.of("system", system), ChatMessage.of("user", user)))
                .temperature(0.0).maxTokens(maxTokens).build();
    }

    private static String numbered(List<String> summaries) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < summaries.size(); i++) {
            sb.append(i == 0 ? "" : "\n\n").append('[').append(i + 1).append("]\n").append(summaries.get(i));
        }
        return sb.toString();
    }

    /** About three words in four tokens. */
    private static int words(int tokens) {
        return Math.max(10, tokens * 3 / 4);
    }
}
