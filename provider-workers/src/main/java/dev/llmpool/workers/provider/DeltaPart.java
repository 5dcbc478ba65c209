package dev.llmpool.workers.provider;

import dev.llmpool.schemas.openai.ChatCompletionChunk;
import tools.jackson.databind.JsonNode;

/**
 * One provider-neutral piece of a streamed answer: what a {@code delta} stream event carries.
 *
 * @param index        the choice the piece belongs to
 * @param delta        role, content, tool-call fragments or refusal text (never null; may be empty when only
 *                     {@code finishReason} or {@code logprobs} are carried)
 * @param logprobs     the provider's logprobs for this piece, when it sent them
 * @param finishReason set on the piece that ends the choice
 */
public record DeltaPart(int index, ChatCompletionChunk.Delta delta, JsonNode logprobs, String finishReason) {

    /** True when the piece carries answer text, a tool call or a refusal (what "first token" means). */
    public boolean carriesTokens() {
        return delta != null && ((delta.content() != null && !delta.content().isEmpty())
                || (delta.toolCalls() != null && !delta.toolCalls().isEmpty())
                || (delta.refusal() != null && !delta.refusal().isEmpty()));
    }
}
