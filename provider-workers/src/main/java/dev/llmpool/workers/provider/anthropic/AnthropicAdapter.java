package dev.llmpool.workers.provider.anthropic;

import dev.llmpool.schemas.envelope.AttemptError;
import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.workers.provider.DeltaPart;
import dev.llmpool.workers.provider.DeltaSink;
import dev.llmpool.workers.provider.ErrorMapping;
import dev.llmpool.workers.provider.ProviderAdapter;
import dev.llmpool.workers.provider.ProviderException;
import dev.llmpool.workers.provider.ProviderProperties;
import dev.llmpool.workers.provider.anthropic.wire.MessagesRequest;
import java.time.Clock;
import java.time.Duration;

/**
 * The {@link ProviderAdapter} for Anthropic Messages. Translates the OpenAI-shaped request with
 * {@link AnthropicMapper} (rejecting what Anthropic cannot do before any call), streams when the attempt streams
 * tokens, hands each event's delta parts to the sink as they arrive, and answers in OpenAI shape, assembled from the
 * stream exactly as the non-streamed answer would be mapped. A call is bounded by the endpoint's request timeout and
 * by the job's deadline, whichever comes first; running out of the deadline is {@code DEADLINE_EXCEEDED}.
 */
public final class AnthropicAdapter implements ProviderAdapter, AutoCloseable {

    private final String provider;
    private final AnthropicApi api;
    private final Duration requestTimeout;
    private final int defaultMaxTokens;
    private final Clock clock;

    public AnthropicAdapter(String provider, AnthropicApi api, ProviderProperties.Endpoint endpoint, Clock clock) {
        this.provider = provider;
        this.api = api;
        this.requestTimeout = endpoint.requestTimeout();
        this.defaultMaxTokens = endpoint.defaultMaxTokens();
        this.clock = clock;
    }

    @Override
    public String provider() {
        return provider;
    }

    @Override
    public ChatCompletion complete(AttemptRequest request, DeltaSink sink) {
        MessagesRequest body = AnthropicMapper.toRequest(request, request.streamTokens(), defaultMaxTokens);
        long created = clock.instant().getEpochSecond();
        Duration budget = requestTimeout;
        boolean deadlineBound = false;
        if (request.deadline() != null) {
            Duration left = Duration.between(clock.instant(), request.deadline());
            if (left.isNegative() || left.isZero()) {
                throw new ProviderException(new AttemptError(ErrorClass.DEADLINE_EXCEEDED,
                        "the job's deadline passed before the provider was called", null, null, "deadline"));
            }
            if (left.compareTo(budget) < 0) {
                budget = left;
                deadlineBound = true;
            }
        }
        try {
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
        } catch (ProviderException e) {
            if (deadlineBound && "timeout".equals(e.error().providerCode())) {
                throw new ProviderException(ErrorMapping.timeout(budget, true), e);
            }
            throw e;
        }
    }

    @Override
    public void close() {
        api.close();
    }
}
