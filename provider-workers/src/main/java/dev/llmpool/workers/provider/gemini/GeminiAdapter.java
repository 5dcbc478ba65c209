package dev.llmpool.workers.provider.gemini;

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
import dev.llmpool.workers.provider.gemini.wire.GenerateContentRequest;
import java.time.Clock;
import java.time.Duration;

/**
 * The {@link ProviderAdapter} for Gemini generateContent. Translates the OpenAI-shaped request with
 * {@link GeminiMapper} (rejecting what Gemini cannot do before any call), streams when the attempt streams tokens,
 * hands each chunk's delta parts to the sink as they arrive, and answers in OpenAI shape, assembled from the stream
 * exactly as the non-streamed answer would be mapped. A call is bounded by the endpoint's request timeout and
 * by the job's deadline, whichever comes first; running out of the deadline is {@code DEADLINE_EXCEEDED}.
 */
public final class GeminiAdapter implements ProviderAdapter, AutoCloseable {

    private final String provider;
    private final GeminiApi api;
    private final Duration requestTimeout;
    private final Clock clock;

    public GeminiAdapter(String provider, GeminiApi api, ProviderProperties.Endpoint endpoint, Clock clock) {
        this.provider = provider;
        this.api = api;
        this.requestTimeout = endpoint.requestTimeout();
        this.clock = clock;
    }

    @Override
    public String provider() {
        return provider;
    }

    @Override
    public ChatCompletion complete(AttemptRequest request, DeltaSink sink) {
        GenerateContentRequest body = GeminiMapper.toRequest(request);
        String model = request.upstreamModel();
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
                return GeminiMapper.toCompletion(api.generateContent(model, body, budget), created);
            }
            GeminiStreamAssembler assembler = new GeminiStreamAssembler();
            api.streamGenerateContent(model, body, budget, chunk -> {
                for (DeltaPart part : assembler.accept(chunk)) {
                    sink.accept(part);
                }
            });
            return GeminiMapper.toCompletion(assembler.response(), created);
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
