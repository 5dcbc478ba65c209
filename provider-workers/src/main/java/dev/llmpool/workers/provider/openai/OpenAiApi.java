package dev.llmpool.workers.provider.openai;

import dev.llmpool.schemas.envelope.AttemptError;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.ChatCompletionChunk;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import dev.llmpool.workers.provider.ErrorMapping;
import dev.llmpool.workers.provider.ProviderException;
import dev.llmpool.workers.provider.sse.StreamFrames;
import dev.llmpool.workers.provider.ProviderProperties;
import dev.llmpool.workers.provider.http.CallBudget;
import dev.llmpool.workers.provider.http.ProviderHttp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * HTTP to one OpenAI-compatible endpoint, nothing else: {@code POST {baseUrl}/chat/completions}, plain or streamed,
 * through the provider's {@link ProviderHttp} (time limits, error mapping, key masking). A streamed body is read
 * line by line as it arrives.
 */
public final class OpenAiApi implements AutoCloseable {

    private final URI completionsUri;
    private final String apiKey;
    private final JsonCodec codec;
    private final ProviderHttp http;

    public OpenAiApi(String provider, ProviderProperties.Endpoint endpoint, JsonCodec codec, Clock clock) {
        String base = endpoint.baseUrl().toString();
        this.completionsUri = URI.create((base.endsWith("/") ? base : base + "/") + "chat/completions");
        this.apiKey = endpoint.hasApiKey() ? endpoint.apiKey() : null;
        this.codec = codec;
        this.http = new ProviderHttp(provider, endpoint.connectTimeout(), apiKey, clock);
    }

    /** The endpoint this client posts to. */
    public URI completionsUri() {
        return completionsUri;
    }

    /** A non-streamed call within {@code budget}. */
    public ChatCompletion chatCompletion(ChatCompletionRequest body, CallBudget budget) {
        return http.exchange(request(body, false), budget, false, (in, tokens) -> readCompletion(in.readAllBytes()));
    }

    /**
     * A streamed call: {@code onChunk} gets each chunk on the calling thread as its frame arrives, until
     * {@code [DONE]}, within {@code budget} (the first chunk within its first-token limit).
     */
    public void streamChatCompletion(ChatCompletionRequest body, CallBudget budget,
                                     Consumer<ChatCompletionChunk> onChunk) {
        http.exchange(request(body, true), budget, true, (in, tokens) -> {
            OpenAiStreamDecoder decoder = new OpenAiStreamDecoder(codec, chunk -> {
                tokens.arrived();
                onChunk.accept(chunk);
            });
            StreamFrames.read(in, decoder);
            return null;
        });
    }

    private HttpRequest.Builder request(ChatCompletionRequest body, boolean stream) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(completionsUri)
                .header("Content-Type", "application/json")
                .header("Accept", stream ? "text/event-stream" : "application/json")
                .header("User-Agent", "llm-pool")
                .POST(HttpRequest.BodyPublishers.ofByteArray(codec.toBytes(body)));
        if (apiKey != null) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        return builder;
    }

    private ChatCompletion readCompletion(byte[] bytes) {
        try {
            JsonNode tree = codec.readTree(bytes);
            JsonNode error = tree == null ? null : tree.get("error");
            if (error != null && !error.isNull()) {
                throw new ProviderException(ErrorMapping.fromStreamError(tree.toString()));
            }
            return codec.fromTree(tree, ChatCompletion.class);
        } catch (JacksonException e) {
            String start = new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.UTF_8);
            throw new ProviderException(new AttemptError(ErrorClass.TRANSIENT,
                    ErrorMapping.clean("unreadable completion: " + start), 200, null, "invalid_response"), e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
