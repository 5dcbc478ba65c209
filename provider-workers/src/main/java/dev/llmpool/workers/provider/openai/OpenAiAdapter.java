package dev.llmpool.workers.provider.openai;

import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.ChatCompletionChunk;
import dev.llmpool.workers.provider.DeltaPart;
import dev.llmpool.workers.provider.DeltaSink;
import dev.llmpool.workers.provider.ProviderAdapter;
import dev.llmpool.workers.provider.http.CallBudget;
import dev.llmpool.workers.provider.http.CallLimits;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link ProviderAdapter} for OpenAI and every OpenAI-compatible server. Sets the upstream model, streams when
 * the attempt streams tokens (always asking for usage), hands each chunk's delta parts to the sink as they arrive,
 * and assembles the whole answer, within the call's {@link CallBudget}.
 */
public final class OpenAiAdapter implements ProviderAdapter, AutoCloseable {

    private final String provider;
    private final OpenAiApi api;
    private final Clock clock;

    public OpenAiAdapter(String provider, OpenAiApi api, Clock clock) {
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
        CallBudget budget = CallBudget.start(limits, request.deadline(), clock);
        if (!request.streamTokens()) {
            return api.chatCompletion(OpenAiMapper.toUpstream(request, false), budget);
        }
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        api.streamChatCompletion(OpenAiMapper.toUpstream(request, true), budget, chunk -> {
            chunks.add(chunk);
            for (DeltaPart part : OpenAiMapper.deltaParts(chunk)) {
                sink.accept(part);
            }
        });
        return OpenAiMapper.assemble(chunks);
    }

    @Override
    public void close() {
        api.close();
    }
}
