package dev.llmpool.workers.provider.gemini;

import dev.llmpool.schemas.envelope.AttemptError;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.workers.provider.ErrorMapping;
import dev.llmpool.workers.provider.ProviderException;
import dev.llmpool.workers.provider.ProviderProperties;
import dev.llmpool.workers.provider.gemini.wire.GenerateContentRequest;
import dev.llmpool.workers.provider.gemini.wire.GenerateContentResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
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
 * HTTP to the Gemini API, nothing else: {@code POST {baseUrl}/{version}/models/{model}:generateContent}, or
 * {@code :streamGenerateContent?alt=sse}, with {@code x-goog-api-key}. One JDK {@link HttpClient} per provider
 * (HTTP/1.1, virtual-thread executor). A streamed body is read line by line as it arrives. Every failure leaves as a
 * {@link ProviderException} classified by {@link ErrorMapping}, with the API key masked out of anything echoed.
 */
public final class GeminiApi implements AutoCloseable {

    private static final int MAX_ERROR_BODY_BYTES = 64 * 1024;

    private final String modelsUrl;
    private final String apiKey;
    private final JsonCodec codec;
    private final Clock clock;
    private final ExecutorService httpExecutor;
    private final HttpClient http;
    private final ScheduledExecutorService watchdogs;

    public GeminiApi(String provider, ProviderProperties.Endpoint endpoint, JsonCodec codec, Clock clock) {
        this.modelsUrl = modelsUrl(endpoint.baseUrl(), endpoint.apiVersion() == null
                ? ProviderProperties.Endpoint.GEMINI_VERSION : endpoint.apiVersion());
        this.apiKey = endpoint.hasApiKey() ? endpoint.apiKey() : null;
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

    /**
     * {@code {base}/{version}/models/}; a base that already names a version ({@code /v1beta}, {@code /v1}) keeps it.
     */
    static String modelsUrl(URI baseUrl, String version) {
        String base = baseUrl.toString().replaceAll("/+$", "");
        return (base.matches(".*/v\\d+(?:alpha|beta)?\\d*$") ? base : base + "/" + version) + "/models/";
    }

    /** The URI of {@code method} ({@code generateContent}, {@code streamGenerateContent?alt=sse}) of a model. */
    public URI uri(String model, String method) {
        String name = model.startsWith("models/") ? model.substring("models/".length()) : model;
        return URI.create(modelsUrl + URLEncoder.encode(name, StandardCharsets.UTF_8) + ":" + method);
    }

    /** A non-streamed call; {@code timeout} bounds the whole exchange. */
    public GenerateContentResponse generateContent(String model, GenerateContentRequest body, Duration timeout) {
        return exchange(uri(model, "generateContent"), body, timeout, false, in -> readResponse(in.readAllBytes()));
    }

    /**
     * A streamed call: {@code onChunk} gets each chunk on the calling thread as its frame arrives, until the body
     * ends. {@code timeout} bounds the whole exchange, last byte included.
     */
    public void streamGenerateContent(String model, GenerateContentRequest body, Duration timeout,
                                      Consumer<GenerateContentResponse> onChunk) {
        exchange(uri(model, "streamGenerateContent?alt=sse"), body, timeout, true, in -> {
            GeminiStreamDecoder decoder = new GeminiStreamDecoder(codec, onChunk);
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                decoder.line(line);
            }
            decoder.end();
            return null;
        });
    }

    private <T> T exchange(URI uri, GenerateContentRequest body, Duration timeout, boolean stream,
                           BodyReader<T> reader) {
        long started = System.nanoTime();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request(uri, body, timeout, stream), HttpResponse.BodyHandlers.ofInputStream());
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

    private HttpRequest request(URI uri, GenerateContentRequest body, Duration timeout, boolean stream) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", stream ? "text/event-stream" : "application/json")
                .header("User-Agent", "llm-pool")
                .POST(HttpRequest.BodyPublishers.ofByteArray(codec.toBytes(body)));
        if (apiKey != null) {
            builder.header("x-goog-api-key", apiKey);
        }
        return builder.build();
    }

    private GenerateContentResponse readResponse(byte[] bytes) {
        try {
            JsonNode tree = codec.readTree(bytes);
            JsonNode error = tree == null ? null : tree.get("error");
            if (error != null && !error.isNull()) {
                throw new ProviderException(ErrorMapping.fromStreamError(tree.toString()));
            }
            return codec.fromTree(tree, GenerateContentResponse.class);
        } catch (JacksonException e) {
            String start = new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.UTF_8);
            throw new ProviderException(new AttemptError(ErrorClass.TRANSIENT,
                    ErrorMapping.clean("unreadable response: " + start), 200, null, "invalid_response"), e);
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
