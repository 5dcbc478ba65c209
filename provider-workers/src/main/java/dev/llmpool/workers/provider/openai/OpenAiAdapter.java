package dev.llmpool.workers.provider.openai;

import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.ChatCompletionChunk;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import dev.llmpool.schemas.openai.EmbeddingsResponse;
import dev.llmpool.workers.provider.StreamAssembler;
import dev.llmpool.workers.provider.WireAdapter;
import dev.llmpool.workers.provider.http.CallBudget;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * The adapter for OpenAI and every OpenAI-compatible server: the client's body with the upstream model set, streamed
 * when the attempt streams tokens (always asking for usage), the chunks assembled into the whole answer.
 */
public final class OpenAiAdapter extends WireAdapter<ChatCompletionRequest, ChatCompletion, ChatCompletionChunk>
        implements AutoCloseable {

    private final OpenAiApi api;

    public OpenAiAdapter(String provider, OpenAiApi api, Clock clock) {
        super(provider, clock);
        this.api = api;
    }

    /** The embeddings request passes as it is (OpenAI's shape is the pool's), vectors asked as floats. */
    @Override
    protected EmbeddingsResponse embeddings(AttemptRequest request, CallBudget budget) {
        return api.embeddings(request.embeddings().withModel(request.upstreamModel()).asFloats(), budget);
    }

    @Override
    protected ChatCompletionRequest body(AttemptRequest request) {
        return OpenAiMapper.toUpstream(request, request.streamTokens());
    }

    @Override
    protected ChatCompletion call(AttemptRequest request, ChatCompletionRequest body, CallBudget budget) {
        return api.chatCompletion(body, budget);
    }

    @Override
    protected void stream(AttemptRequest request, ChatCompletionRequest body, CallBudget budget,
                          Consumer<ChatCompletionChunk> onChunk) {
        api.streamChatCompletion(body, budget, onChunk);
    }

    @Override
    protected StreamAssembler<ChatCompletionChunk, ChatCompletion> assembler() {
        return new OpenAiStreamAssembler();
    }

    /** OpenAI's answer is already in OpenAI shape, {@code created} included. */
    @Override
    protected ChatCompletion completion(ChatCompletion answer, long created) {
        return answer;
    }

    @Override
    public void close() {
        api.close();
    }
}
