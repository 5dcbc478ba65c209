package dev.llmpool.workers.provider.anthropic;

import dev.llmpool.schemas.envelope.AttemptError;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.workers.provider.ErrorMapping;
import dev.llmpool.workers.provider.ProviderException;
import dev.llmpool.workers.provider.sse.StreamFrames;
import dev.llmpool.workers.provider.ProviderProperties;
import dev.llmpool.workers.provider.http.CallBudget;
import dev.llmpool.workers.provider.http.ProviderHttp;
import dev.llmpool.workers.provider.anthropic.wire.MessageResponse;
import dev.llmpool.workers.provider.anthropic.wire.MessageStreamEvent;
import dev.llmpool.workers.provider.anthropic.wire.MessagesRequest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * HTTP to the Anthropic Messages API, nothing else: {@code POST {baseUrl}/v1/messages} with {@code x-api-key} and
 * {@code anthropic-version}, plain or streamed, through the provider's {@link ProviderHttp} (time limits, error
 * mapping, key masking). A streamed body is read line by line as it arrives.
 */
public final class AnthropicApi implements AutoCloseable {

    private final URI messagesUri;
    private final String apiKey;
    private final String version;
    private final JsonCodec codec;
    private final ProviderHttp http;

    public AnthropicApi(String provider, ProviderProperties.Endpoint endpoint, JsonCodec codec, Clock clock) {
        this.messagesUri = messagesUri(endpoint.baseUrl());
        this.apiKey = endpoint.hasApiKey() ? endpoint.apiKey() : null;
        this.version = endpoint.apiVersion() == null ? ProviderProperties.Endpoint.ANTHROPIC_VERSION
                : endpoint.apiVersion();
        this.codec = codec;
        this.http = new ProviderHttp(provider, endpoint.connectTimeout(), apiKey, clock);
    }

    /** {@code {base}/v1/messages}; a base that already ends in {@code /v1} gets {@code /messages}. */
    static URI messagesUri(URI baseUrl) {
        String base = baseUrl.toString().replaceAll("/+$", "");
        return URI.create(base.endsWith("/v1") ? base + "/messages" : base + "/v1/messages");
    }

    /** The endpoint this client posts to. */
    public URI messagesUri() {
        return messagesUri;
    }

    /** A non-streamed call within {@code budget}. */
    public MessageResponse messages(MessagesRequest body, CallBudget budget) {
        return http.exchange(request(body, false), budget, false, (in, tokens) -> readMessage(in.readAllBytes()));
    }

    /**
     * A streamed call: {@code onEvent} gets each event on the calling thread as its frame arrives, until
     * {@code message_stop}, within {@code budget} (the first event within its first-token limit).
     */
    public void streamMessages(MessagesRequest body, CallBudget budget, Consumer<MessageStreamEvent> onEvent) {
        http.exchange(request(body, true), budget, true, (in, tokens) -> {
            AnthropicStreamDecoder decoder = new AnthropicStreamDecoder(codec, event -> {
                tokens.arrived();
                onEvent.accept(event);
            });
            StreamFrames.read(in, decoder);
            return null;
        });
    }

    private HttpRequest.Builder request(MessagesRequest body, boolean stream) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(messagesUri)
                .header("Content-Type", "application/json")
                .header("Accept", stream ? "text/event-stream" : "application/json")
                .header("User-Agent", "llm-pool")
                .header("anthropic-version", version)
                .POST(HttpRequest.BodyPublishers.ofByteArray(codec.toBytes(body)));
        if (apiKey != null) {
            builder.header("x-api-key", apiKey);
        }
        return builder;
    }

    private MessageResponse readMessage(byte[] bytes) {
        try {
            JsonNode tree = codec.readTree(bytes);
            if (tree != null && "error".equals(tree.path("type").asString(""))) {
                throw new ProviderException(ErrorMapping.fromStreamError(tree.toString()));
            }
            return codec.fromTree(tree, MessageResponse.class);
        } catch (JacksonException e) {
            String start = new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.UTF_8);
            throw new ProviderException(new AttemptError(ErrorClass.TRANSIENT,
                    ErrorMapping.clean("unreadable message: " + start), 200, null, "invalid_response"), e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
