package dev.llmpool.core.tenancy;

import dev.llmpool.core.catalog.CatalogModel;
import dev.llmpool.core.tokens.TokenCounter;
import dev.llmpool.schemas.openai.ChatCompletionRequest;

/**
 * What a request may cost at most, reserved against budgets when it is admitted: its prompt (jtokkit's count, as
 * OpenAI counts a chat) at the model's input price plus its completion cap ({@code max_completion_tokens}, else
 * {@code max_tokens}, else the model's output limit, else {@code defaultCompletion}) for each of its {@code n}
 * choices at the output price. Pure but for the token count.
 *
 * @param promptTokens     the prompt's tokens
 * @param completionTokens the completion tokens paid for (all choices)
 * @param nanos            the cost in nano-dollars, rounded up
 */
public record CostEstimate(long promptTokens, long completionTokens, long nanos) {

    public static final CostEstimate ZERO = new CostEstimate(0, 0, 0);

    public static CostEstimate of(ChatCompletionRequest body, CatalogModel model, TokenCounter tokens,
                                  int defaultCompletion) {
        long prompt = tokens.countPrompt(body, model.upstream());
        return of(body, model, prompt, defaultCompletion);
    }

    /** With the prompt already counted. */
    public static CostEstimate of(ChatCompletionRequest body, CatalogModel model, long promptTokens,
                                  int defaultCompletion) {
        Integer cap = body.completionCap();
        long perChoice = cap != null ? cap
                : model.maxOutputTokens() != null ? model.maxOutputTokens() : defaultCompletion;
        long choices = body.n() == null ? 1 : Math.max(1, body.n());
        long completion = perChoice * choices;
        double usd = (promptTokens * model.price().inputPerMTok() + completion * model.price().outputPerMTok())
                / 1_000_000.0;
        return new CostEstimate(promptTokens, completion, Money.nanosUp(usd));
    }

    /** The tokens a TPM limit counts for it. */
    public long tokens() {
        return promptTokens + completionTokens;
    }
}
