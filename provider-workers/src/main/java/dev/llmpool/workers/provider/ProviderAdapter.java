package dev.llmpool.workers.provider;

import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.EmbeddingsResponse;
import dev.llmpool.workers.provider.http.CallLimits;

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
     * The call keeps {@code limits} (to the first token of a stream, and in all) and the job's deadline; running out
     * of the deadline is {@code DEADLINE_EXCEEDED}, of a limit {@code TRANSIENT}.
     *
     * @return the whole answer in OpenAI shape (assembled from the stream when streaming)
     * @throws ProviderException when the provider failed, classified by the provider's
     *                           {@link dev.llmpool.workers.provider.errors.ErrorMapping}
     */
    ChatCompletion complete(AttemptRequest request, DeltaSink sink, CallLimits limits);

    /**
     * Runs an embeddings attempt ({@link AttemptRequest#embeddings()}): one call within {@code limits} and the
     * deadline, the vectors as floats in OpenAI's shape. A provider without embeddings refuses it as
     * {@code UNSUPPORTED}, before any call.
     *
     * @throws ProviderException as {@link #complete}
     */
    default EmbeddingsResponse embed(AttemptRequest request, CallLimits limits) {
        throw OpenAiRequestParts.unsupported(provider(), "embeddings");
    }

    /** {@link #complete(AttemptRequest, DeltaSink, CallLimits)} with the pool's default limits. */
    default ChatCompletion complete(AttemptRequest request, DeltaSink sink) {
        return complete(request, sink, CallLimits.DEFAULTS);
    }
}
