package dev.llmpool.workers.limits;

import dev.llmpool.core.tokens.TokenCounter;
import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.openai.ChatCompletionRequest;

/**
 * What a call will cost against a TPM quota before it is made: the prompt's tokens (jtokkit, as
 * {@link TokenCounter} counts them) plus the completion cap ({@code max_completion_tokens}, else
 * {@code max_tokens}, else a default) for each choice asked; an embeddings call, its texts' tokens. The real usage
 * corrects it afterwards.
 */
public final class TokenEstimator {

    private final TokenCounter counter;
    private final int defaultCompletionTokens;

    public TokenEstimator(TokenCounter counter, int defaultCompletionTokens) {
        this.counter = counter;
        this.defaultCompletionTokens = defaultCompletionTokens;
    }

    public long estimate(AttemptRequest request) {
        ChatCompletionRequest body = request.body();
        String model = request.upstreamModel() != null ? request.upstreamModel() : request.model();
        if (request.embeddings() != null) {
            long tokens = 0;
            for (String text : request.embeddings().texts()) {
                tokens += counter.count(text, model);
            }
            return tokens;
        }
        long prompt = counter.countPrompt(body, model);
        Integer cap = body == null ? null : body.completionCap();
        int choices = body == null || body.n() == null ? 1 : Math.max(1, body.n());
        return prompt + (long) (cap == null ? defaultCompletionTokens : cap) * choices;
    }
}
