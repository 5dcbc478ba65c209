package dev.llmpool.workers.provider.anthropic;

import dev.llmpool.schemas.envelope.AttemptError;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.workers.provider.ErrorMapping;
import dev.llmpool.workers.provider.ProviderException;
import dev.llmpool.workers.provider.ProviderProperties;
import dev.llmpool.workers.provider.anthropic.wire.MessageResponse;
import dev.llmpool.workers.provider.anthropic.wire.MessagesRequest;
import dev.llmpool.workers.provider.anthropic.wire.StreamEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * HTTP to the Anthropic Messages API, nothing else: {@code POST {baseUrl}/v1/messages} with {@code x-api-key} and
 * {@code anthropic-version}, plain or streamed. One JDK {@link HttpClient} per provider (HTTP/1.1, virtual-thread
 * executor). A streamed body is read line by line as it arrives. Every failure leaves as a
 * {@link ProviderException} classified by {@link ErrorMapping}, with the API key masked out of anything echoed.
 */
public final class AnthropicApi implements AutoCloseable {

    private static final int MAX_ERROR_BODY_BYTES = 64 * 1024;

    private final URI messagesUri;
    private final String apiKey;
    private final String version;
    private final JsonCodec codec;
    private final Clock clock;
    private final ExecutorService httpExecutor;
    private final HttpClient http;
    private final ScheduledExecutorService watchdogs;

    public AnthropicApi(String provider, ProviderProperties.Endpoint endpoint, JsonCodec codec, Clock clock) {
        this.messagesUri = messagesUri(endpoint.baseUrl());
        this.apiKey = endpoint.hasApiKey() ? endpoint.apiKey() : null;
        this.version = endpoint.apiVersion() == null ? ProviderProperties.Endpoint.ANTHROPIC_VERSION
                : endpoint.apiVersion();
        this.codec = codec;
        this.clock = clock;
        this.httpExecutor = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("llmpool-http-" + provider + "-", 0).factory());
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(endpoint.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(httpExecutor)
                .build();
        this.watchdogs = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("llmpool-http-watchdog-" + provider).factory());
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

    /** A non-streamed call; {@code timeout} bounds the whole exchange. */
    public MessageResponse messages(MessagesRequest body, Duration timeout) {
        return exchange(body, timeout, false, in -> readMessage(in.readAllBytes()));
    }

    /**
     * A streamed call: {@code onEvent} gets each event on the calling thread as its frame arrives, until
     * {@code message_stop}. {@code timeout} bounds the whole exchange, last byte included.
     */
    public void streamMessages(MessagesRequest body, Duration timeout, Consumer<StreamEvent> onEvent) {
        exchange(body, timeout, true, in -> {
            AnthropicStreamDecoder decoder = new AnthropicStreamDecoder(codec, onEvent);
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (decoder.line(line)) {
                    return null;
                }
            }
            decoder.end();
            return null;
        });
    }

    private <T> T exchange(MessagesRequest body, Duration timeout, boolean stream, BodyReader<T> reader) {
        long started = System.nanoTime();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request(body, timeout, stream), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            throw failure(ErrorMapping.fromIo(e), e);
        } catch (HttpTimeoutException e) {
            throw failure(ErrorMapping.timeout(timeout, false), e);
        } catch (IOException e) {
            throw failure(ErrorMapping.fromIo(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(new AttemptError(ErrorClass.TRANSIENT, "interrupted while calling the provider", null,
                    null, "interrupted"), e);
        }
        try (InputStream in = response.body()) {
            int status = response.statusCode();
            if (status < 200 || status >= 300) {
                String text = new String(in.readNBytes(MAX_ERROR_BODY_BYTES), StandardCharsets.UTF_8);
                throw failure(ErrorMapping.fromHttp(status, response.headers(), text, clock.instant()), null);
            }
            Duration left = timeout.minusNanos(System.nanoTime() - started);
            Watchdog watchdog = new Watchdog(in, left.isNegative() ? Duration.ZERO : left);
            try {
                return reader.read(in);
            } catch (IOException e) {
                if (watchdog.fired()) {
                    throw failure(ErrorMapping.timeout(timeout, false), e);
                }
                throw failure(ErrorMapping.fromIo(e), e);
            } catch (ProviderException e) {
                throw failure(e.error(), e);
            } finally {
                watchdog.cancel();
            }
        } catch (IOException e) {
            throw failure(ErrorMapping.fromIo(e), e);
        }
    }

    private HttpRequest request(MessagesRequest body, Duration timeout, boolean stream) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(messagesUri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", stream ? "text/event-stream" : "application/json")
                .header("User-Agent", "llm-pool")
                .header("anthropic-version", version)
                .POST(HttpRequest.BodyPublishers.ofByteArray(codec.toBytes(body)));
        if (apiKey != null) {
            builder.header("x-api-key", apiKey);
        }
        return builder.build();
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

    private ProviderException failure(AttemptError error, Throwable cause) {
        AttemptError redacted = ErrorMapping.redact(error, apiKey);
        return cause == null ? new ProviderException(redacted) : new ProviderException(redacted, cause);
    }

    @Override
    public void close() {
        http.shutdownNow();
        httpExecutor.shutdownNow();
        watchdogs.shutdownNow();
    }

    @FunctionalInterface
    private interface BodyReader<T> {
        T read(InputStream in) throws IOException;
    }

    /**
     * Closes a response body when the call's time is up, which ends a blocked read with an {@link IOException}
     * ({@link HttpRequest#timeout} only covers the wait for the response headers).
     */
    private final class Watchdog {

        private final ScheduledFuture<?> task;
        private volatile boolean fired;

        Watchdog(InputStream in, Duration after) {
            this.task = watchdogs.schedule(() -> {
                fired = true;
                try {
                    in.close();
                } catch (IOException ignored) {
                    // closing is the point; a failure to close leaves the read to end on its own
                }
            }, Math.max(1, after.toMillis()), TimeUnit.MILLISECONDS);
        }

        boolean fired() {
            return fired;
        }

        void cancel() {
            task.cancel(false);
        }
    }
}
