package dev.llmpool.workers.provider;

import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.EmbeddingsResponse;
import dev.llmpool.workers.provider.http.CallBudget;
import dev.llmpool.workers.provider.http.CallLimits;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * The one course of a provider call, which each provider's adapter fills in: translate the request (rejecting what
 * the provider cannot do before any call), start the call's {@link CallBudget}, then make one plain call, or, when
 * the attempt streams tokens, a streamed one whose frames' delta parts go to the sink as they arrive while the
 * provider's {@link StreamAssembler} builds the same answer a plain call would have given; the answer is returned in
 * OpenAI shape.
 *
 * @param <B> the provider's request body
 * @param <R> the provider's answer
 * @param <F> one frame of the provider's stream
 */
public abstract class WireAdapter<B, R, F> implements ProviderAdapter {

    private final String provider;
    private final Clock clock;

    protected WireAdapter(String provider, Clock clock) {
        this.provider = provider;
        this.clock = clock;
    }

    @Override
    public final String provider() {
        return provider;
    }

    @Override
    public final ChatCompletion complete(AttemptRequest request, DeltaSink sink, CallLimits limits) {
        B body = body(request);
        long created = clock.instant().getEpochSecond();
        CallBudget budget = CallBudget.start(limits, request.deadline(), clock);
        if (!request.streamTokens()) {
            return completion(call(request, body, budget), created);
        }
        StreamAssembler<F, R> assembler = assembler();
        stream(request, body, budget, frame -> {
            for (DeltaPart part : assembler.accept(frame)) {
                sink.accept(part);
            }
        });
        return completion(assembler.result(), created);
    }

    @Override
    public final EmbeddingsResponse embed(AttemptRequest request, CallLimits limits) {
        return embeddings(request, CallBudget.start(limits, request.deadline(), clock));
    }

    /** One embeddings call within {@code budget}; a provider without embeddings keeps this refusal. */
    protected EmbeddingsResponse embeddings(AttemptRequest request, CallBudget budget) {
        throw OpenAiRequestParts.unsupported(provider, "embeddings");
    }

    /** The provider's request body; throws {@link ProviderException} for what the provider cannot do. */
    protected abstract B body(AttemptRequest request);

    /** One plain call within {@code budget}. */
    protected abstract R call(AttemptRequest request, B body, CallBudget budget);

    /** One streamed call within {@code budget}, each frame to {@code onFrame} as it arrives. */
    protected abstract void stream(AttemptRequest request, B body, CallBudget budget, Consumer<F> onFrame);

    /** A new assembler for one stream. */
    protected abstract StreamAssembler<F, R> assembler();

    /** The answer in OpenAI shape; {@code created} is when the call started, in epoch seconds. */
    protected abstract ChatCompletion completion(R answer, long created);
}
