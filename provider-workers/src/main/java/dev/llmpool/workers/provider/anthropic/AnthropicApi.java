package dev.llmpool.workers.provider.anthropic;

import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.workers.provider.ProviderProperties;
import dev.llmpool.workers.provider.http.CallBudget;
import dev.llmpool.workers.provider.http.ProviderHttp;
import dev.llmpool.schemas.anthropic.MessageResponse;
import dev.llmpool.schemas.anthropic.MessageStreamEvent;
import dev.llmpool.schemas.anthropic.MessagesRequest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.function.Consumer;

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
        this.http = new ProviderHttp(provider, endpoint.connectTimeout(), apiKey, AnthropicErrors.MAPPING, codec,
                clock);
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
        return http.call(request(body, false), budget, MessageResponse.class, "message");
    }

    /**
     * A streamed call: {@code onEvent} gets each event on the calling thread as its frame arrives, until
     * {@code message_stop}, within {@code budget} (the first event within its first-token limit).
     */
    public void streamMessages(MessagesRequest body, CallBudget budget, Consumer<MessageStreamEvent> onEvent) {
        http.stream(request(body, true), budget, events -> new AnthropicStreamDecoder(codec, events), onEvent);
    }

    private HttpRequest.Builder request(MessagesRequest body, boolean stream) {
        HttpRequest.Builder builder = http.post(messagesUri, body, stream).header("anthropic-version", version);
        if (apiKey != null) {
            builder.header("x-api-key", apiKey);
        }
        return builder;
    }

    @Override
    public void close() {
        http.close();
    }
}
