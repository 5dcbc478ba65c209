package dev.llmpool.workers.provider.anthropic;

import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.workers.provider.ProviderProperties;
import dev.llmpool.workers.provider.StreamAssembler;
import dev.llmpool.workers.provider.WireAdapter;
import dev.llmpool.schemas.anthropic.MessageResponse;
import dev.llmpool.schemas.anthropic.MessageStreamEvent;
import dev.llmpool.schemas.anthropic.MessagesRequest;
import dev.llmpool.workers.provider.http.CallBudget;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * The adapter for Anthropic Messages: the OpenAI-shaped request translated by {@link AnthropicMapper} (rejecting what
 * Anthropic cannot do before any call), streamed when the attempt streams tokens, the events assembled by
 * {@link AnthropicStreamAssembler} into the message a plain call would have answered, mapped back to OpenAI shape.
 */
public final class AnthropicAdapter extends WireAdapter<MessagesRequest, MessageResponse, MessageStreamEvent>
        implements AutoCloseable {

    private final AnthropicApi api;
    private final int defaultMaxTokens;

    public AnthropicAdapter(String provider, AnthropicApi api, ProviderProperties.Endpoint endpoint, Clock clock) {
        super(provider, clock);
        this.api = api;
        this.defaultMaxTokens = endpoint.defaultMaxTokens();
    }

    @Override
    protected MessagesRequest body(AttemptRequest request) {
        return AnthropicMapper.toRequest(request, request.streamTokens(), defaultMaxTokens);
    }

    @Override
    protected MessageResponse call(AttemptRequest request, MessagesRequest body, CallBudget budget) {
        return api.messages(body, budget);
    }

    @Override
    protected void stream(AttemptRequest request, MessagesRequest body, CallBudget budget,
                          Consumer<MessageStreamEvent> onEvent) {
        api.streamMessages(body, budget, onEvent);
    }

    @Override
    protected StreamAssembler<MessageStreamEvent, MessageResponse> assembler() {
        return new AnthropicStreamAssembler();
    }

    @Override
    protected ChatCompletion completion(MessageResponse answer, long created) {
        return AnthropicMapper.toCompletion(answer, created);
    }

    @Override
    public void close() {
        api.close();
    }
}
