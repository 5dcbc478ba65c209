package dev.llmpool.workers.provider.openai;

import dev.llmpool.schemas.envelope.AttemptError;
import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.ChatCompletionChunk;
import dev.llmpool.workers.provider.DeltaPart;
import dev.llmpool.workers.provider.DeltaSink;
import dev.llmpool.workers.provider.ErrorMapping;
import dev.llmpool.workers.provider.ProviderAdapter;
import dev.llmpool.workers.provider.ProviderException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link ProviderAdapter} for OpenAI and every OpenAI-compatible server. Sets the upstream model, streams when
 * the attempt streams tokens (always asking for usage), hands each chunk's delta parts to the sink as they arrive,
 * and assembles the whole answer. A call is bounded by the endpoint's request timeout and by the job's deadline,
 * whichever comes first; running out of the deadline is {@code DEADLINE_EXCEEDED}.
 */
public final class OpenAiAdapter implements ProviderAdapter, AutoCloseable {

    private final String provider;
    private final OpenAiApi api;
    private final Duration requestTimeout;
    private final Clock clock;

    public OpenAiAdapter(String provider, OpenAiApi api, Duration requestTimeout, Clock clock) {
        this.provider = provider;
        this.api = api;
        this.requestTimeout = requestTimeout;
        this.clock = clock;
    }

    @Override
    public String provider() {
        return provider;
    }

    @Override
    public ChatCompletion complete(AttemptRequest request, DeltaSink sink) {
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
