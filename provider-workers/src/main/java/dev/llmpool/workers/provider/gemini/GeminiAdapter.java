package dev.llmpool.workers.provider.gemini;

import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.EmbeddingsResponse;
import dev.llmpool.workers.provider.ProviderProperties;
import dev.llmpool.workers.provider.StreamAssembler;
import dev.llmpool.workers.provider.WireAdapter;
import dev.llmpool.workers.provider.gemini.wire.EmbedContentRequest;
import dev.llmpool.workers.provider.gemini.wire.GenerateContentRequest;
import dev.llmpool.workers.provider.gemini.wire.GenerateContentResponse;
import dev.llmpool.workers.provider.http.CallBudget;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * The adapter for Gemini generateContent: the OpenAI-shaped request translated by {@link GeminiMapper} (rejecting
 * what Gemini cannot do before any call), streamed when the attempt streams tokens, the chunks assembled by
 * {@link GeminiStreamAssembler} into the response a plain call would have answered, mapped back to OpenAI shape.
 */
public final class GeminiAdapter
        extends WireAdapter<GenerateContentRequest, GenerateContentResponse, GenerateContentResponse>
        implements AutoCloseable {

    private final GeminiApi api;

    public GeminiAdapter(String provider, GeminiApi api, ProviderProperties.Endpoint endpoint, Clock clock) {
        super(provider, clock);
        this.api = api;
    }

    /** One text by {@code :embedContent}, several by {@code :batchEmbedContents} ({@link GeminiEmbeddingsMapper}). */
    @Override
    protected EmbeddingsResponse embeddings(AttemptRequest request, CallBudget budget) {
        EmbedContentRequest single = GeminiEmbeddingsMapper.toSingle(request);
        if (single != null) {
            return GeminiEmbeddingsMapper.fromSingle(api.embedContent(request.upstreamModel(), single, budget),
                    request);
        }
        return GeminiEmbeddingsMapper.fromBatch(api.batchEmbedContents(request.upstreamModel(),
                GeminiEmbeddingsMapper.toBatch(request), budget), request);
    }

    @Override
    protected GenerateContentRequest body(AttemptRequest request) {
        return GeminiMapper.toRequest(request);
    }

    @Override
    protected GenerateContentResponse call(AttemptRequest request, GenerateContentRequest body, CallBudget budget) {
        return api.generateContent(request.upstreamModel(), body, budget);
    }

    @Override
    protected void stream(AttemptRequest request, GenerateContentRequest body, CallBudget budget,
                          Consumer<GenerateContentResponse> onChunk) {
        api.streamGenerateContent(request.upstreamModel(), body, budget, onChunk);
    }

    @Override
    protected StreamAssembler<GenerateContentResponse, GenerateContentResponse> assembler() {
        return new GeminiStreamAssembler();
    }

    @Override
    protected ChatCompletion completion(GenerateContentResponse answer, long created) {
        return GeminiMapper.toCompletion(answer, created);
    }

    @Override
    public void close() {
        api.close();
    }
}
