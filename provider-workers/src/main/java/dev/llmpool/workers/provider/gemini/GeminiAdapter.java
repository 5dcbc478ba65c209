package dev.llmpool.workers.provider.gemini;

import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.workers.provider.DeltaPart;
import dev.llmpool.workers.provider.DeltaSink;
import dev.llmpool.workers.provider.ProviderAdapter;
import dev.llmpool.workers.provider.ProviderProperties;
import dev.llmpool.workers.provider.http.CallBudget;
import dev.llmpool.workers.provider.http.CallLimits;
import dev.llmpool.workers.provider.gemini.wire.GenerateContentRequest;
import java.time.Clock;

/**
 * The {@link ProviderAdapter} for Gemini generateContent. Translates the OpenAI-shaped request with
 * {@link GeminiMapper} (rejecting what Gemini cannot do before any call), streams when the attempt streams tokens,
 * hands each chunk's delta parts to the sink as they arrive, and answers in OpenAI shape, assembled from the stream
 * exactly as the non-streamed answer would be mapped, within the call's {@link CallBudget}.
 */
public final class GeminiAdapter implements ProviderAdapter, AutoCloseable {

    private final String provider;
    private final GeminiApi api;
    private final Clock clock;

    public GeminiAdapter(String provider, GeminiApi api, ProviderProperties.Endpoint endpoint, Clock clock) {
        this.provider = provider;
        this.api = api;
        this.clock = clock;
    }

    @Override
    public String provider() {
        return provider;
    }

    @Override
    public ChatCompletion complete(AttemptRequest request, DeltaSink sink, CallLimits limits) {
        GenerateContentRequest body = GeminiMapper.toRequest(request);
        String model = request.upstreamModel();
        long created = clock.instant().getEpochSecond();
        CallBudget budget = CallBudget.start(limits, request.deadline(), clock);
        if (!request.streamTokens()) {
            return GeminiMapper.toCompletion(api.generateContent(model, body, budget), created);
        }
        GeminiStreamAssembler assembler = new GeminiStreamAssembler();
        api.streamGenerateContent(model, body, budget, chunk -> {
            for (DeltaPart part : assembler.accept(chunk)) {
                sink.accept(part);
            }
        });
        return GeminiMapper.toCompletion(assembler.response(), created);
    }

    @Override
    public void close() {
        api.close();
    }
}
