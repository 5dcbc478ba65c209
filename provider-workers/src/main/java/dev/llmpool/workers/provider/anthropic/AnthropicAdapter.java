package dev.llmpool.workers.provider.anthropic;

import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.workers.provider.DeltaPart;
import dev.llmpool.workers.provider.DeltaSink;
import dev.llmpool.workers.provider.ProviderAdapter;
import dev.llmpool.workers.provider.ProviderProperties;
import dev.llmpool.workers.provider.http.CallBudget;
import dev.llmpool.workers.provider.http.CallLimits;
import dev.llmpool.workers.provider.anthropic.wire.MessagesRequest;
import java.time.Clock;

/**
 * The {@link ProviderAdapter} for Anthropic Messages. Translates the OpenAI-shaped request with
 * {@link AnthropicMapper} (rejecting what Anthropic cannot do before any call), streams when the attempt streams
 * tokens, hands each event's delta parts to the sink as they arrive, and answers in OpenAI shape, assembled from the
 * stream exactly as the non-streamed answer would be mapped, within the call's {@link CallBudget}.
 */
public final class AnthropicAdapter implements ProviderAdapter, AutoCloseable {

    private final String provider;
    private final AnthropicApi api;
    private final int defaultMaxTokens;
    private final Clock clock;

    public AnthropicAdapter(String provider, AnthropicApi api, ProviderProperties.Endpoint endpoint, Clock clock) {
        this.provider = provider;
        this.api = api;
        this.defaultMaxTokens = endpoint.defaultMaxTokens();
        this.clock = clock;
    }

    @Override
    public String provider() {
        return provider;
    }

    @Override
    public ChatCompletion complete(AttemptRequest request, DeltaSink sink, CallLimits limits) {
        MessagesRequest body = AnthropicMapper.toRequest(request, request.streamTokens(), defaultMaxTokens);
        long created = clock.instant().getEpochSecond();
        CallBudget budget = CallBudget.start(limits, request.deadline(), clock);
        if (!request.streamTokens()) {
            return AnthropicMapper.toCompletion(api.messages(body, budget), created);
        }
        AnthropicStreamAssembler assembler = new AnthropicStreamAssembler();
        api.streamMessages(body, budget, event -> {
            for (DeltaPart part : assembler.accept(event)) {
                sink.accept(part);
            }
        });
        return AnthropicMapper.toCompletion(assembler.message(), created);
    }

    @Override
    public void close() {
        api.close();
    }
}
