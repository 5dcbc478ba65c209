package dev.llmpool.workers.provider;

import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.openai.ChatCompletion;

/**
 * Calls one provider for one attempt. Implementations translate the OpenAI-shaped request to the provider's wire
 * format and back; every failure leaves as a {@link ProviderException} carrying the classified error.
 */
public interface ProviderAdapter {

    /** The provider name this adapter serves, as the catalog spells it ({@code llm.provider.<name>}). */
    String provider();

    /**
     * Runs the attempt. When {@link AttemptRequest#streamTokens()} is set, the provider is called in streaming mode
     * and every piece of the answer is handed to {@code sink} as it arrives, in order, on the calling thread;
     * otherwise {@code sink} is not called.
     *
     * @return the whole answer in OpenAI shape (assembled from the stream when streaming)
     * @throws ProviderException when the provider failed, classified by {@link ErrorMapping}
     */
    ChatCompletion complete(AttemptRequest request, DeltaSink sink);
}
