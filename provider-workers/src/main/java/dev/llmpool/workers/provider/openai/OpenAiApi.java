package dev.llmpool.workers.provider.openai;

import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.ChatCompletionChunk;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import dev.llmpool.schemas.openai.EmbeddingsRequest;
import dev.llmpool.schemas.openai.EmbeddingsResponse;
import dev.llmpool.workers.provider.ProviderProperties;
import dev.llmpool.workers.provider.http.CallBudget;
import dev.llmpool.workers.provider.http.ProviderHttp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * HTTP to one OpenAI-compatible endpoint, nothing else: {@code POST {baseUrl}/chat/completions}, plain or streamed,
 * and {@code POST {baseUrl}/embeddings},
 * through the provider's {@link ProviderHttp} (time limits, error mapping, key masking). A streamed body is read
 * line by line as it arrives.
 */
public final class OpenAiApi implements AutoCloseable {

    private final URI completionsUri;
    private final URI embeddingsUri;
    private final String apiKey;
    private final JsonCodec codec;
    private final ProviderHttp http;

    public OpenAiApi(String provider, ProviderProperties.Endpoint endpoint, JsonCodec codec, Clock clock) {
        String base = endpoint.baseUrl().toString();
        this.completionsUri = URI.create((base.endsWith("/") ? base : base + "/") + "chat/completions");
        this.embeddingsUri = URI.create((base.endsWith("/") ? base : base + "/") + "embeddings");
        this.apiKey = endpoint.hasApiKey() ? endpoint.apiKey() : null;
        this.codec = codec;
        this.http = new ProviderHttp(provider, endpoint.connectTimeout(), apiKey, OpenAiErrors.MAPPING, codec, clock);
    }

    /** The endpoint this client posts to. */
    public URI completionsUri() {
        return completionsUri;
    }

    /** A non-streamed call within {@code budget}. */
    public ChatCompletion chatCompletion(ChatCompletionRequest body, CallBudget budget) {
        return http.call(request(body, false), budget, ChatCompletion.class, "completion");
    }

    /**
     * A streamed call: {@code onChunk} gets each chunk on the calling thread as its frame arrives, until
     * {@code [DONE]}, within {@code budget} (the first chunk within its first-token limit).
     */
    public void streamChatCompletion(ChatCompletionRequest body, CallBudget budget,
                                     Consumer<ChatCompletionChunk> onChunk) {
        http.stream(request(body, true), budget, chunks -> new OpenAiStreamDecoder(codec, chunks), onChunk);
    }

    /** {@code POST {baseUrl}/embeddings} within {@code budget}. */
    public EmbeddingsResponse embeddings(EmbeddingsRequest body, CallBudget budget) {
        return http.call(authorized(http.post(embeddingsUri, body, false)), budget, EmbeddingsResponse.class,
                "embeddings");
    }

    private HttpRequest.Builder request(ChatCompletionRequest body, boolean stream) {
        return authorized(http.post(completionsUri, body, stream));
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder builder) {
        if (apiKey != null) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        return builder;
    }

    @Override
    public void close() {
        http.close();
    }
}
