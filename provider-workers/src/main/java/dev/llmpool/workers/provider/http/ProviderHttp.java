package dev.llmpool.workers.provider.http;

import dev.llmpool.schemas.envelope.AttemptError;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.workers.provider.ProviderException;
import dev.llmpool.workers.provider.errors.ErrorMapping;
import dev.llmpool.workers.provider.errors.ErrorText;
import dev.llmpool.workers.provider.sse.LineDecoder;
import dev.llmpool.workers.provider.sse.StreamFrames;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The HTTP exchange every provider's wire client makes: one JDK {@link HttpClient} per provider (HTTP/1.1,
 * virtual-thread executor), a request sent within its {@link CallBudget}, a non-2xx answer classified by the
 * provider's {@link ErrorMapping}, the body handed to the wire client's reader as it arrives (a JSON answer read by
 * {@link #call}, a stream fed line by line to the provider's decoder by {@link #stream}), and the call's two time
 * limits kept: the whole call, and for a streamed call the first token (the reader reports it through
 * {@link TokenSignal}). {@link HttpRequest#timeout} only covers the wait for the response headers, so a watchdog
 * closes the body when time is up, which ends a blocked read. Every failure leaves as a {@link ProviderException}
 * through {@link #failure}, the one place its message is cleaned ({@link ErrorText}: the API key masked out of
 * anything the provider echoed, then the text cut).
 */
public final class ProviderHttp implements AutoCloseable {

    private static final int MAX_ERROR_BODY_BYTES = 64 * 1024;

    private final String apiKey;
    private final ErrorMapping errors;
    private final JsonCodec codec;
    private final Clock clock;
    private final ExecutorService httpExecutor;
    private final HttpClient http;
    private final ScheduledExecutorService watchdogs;

    /**
     * @param apiKey the key the wire client sends (masked out of errors); null when none
     * @param errors the provider's error mapping
     */
    public ProviderHttp(String provider, Duration connectTimeout, String apiKey, ErrorMapping errors, JsonCodec codec,
                        Clock clock) {
        this.apiKey = apiKey;
        this.errors = errors;
        this.codec = codec;
        this.clock = clock;
        this.httpExecutor = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("llmpool-http-" + provider + "-", 0).factory());
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(httpExecutor)
                .build();
        ScheduledThreadPoolExecutor watchdogs = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("llmpool-http-watchdog-" + provider).factory());
        // nearly every watchdog is cancelled when its call ends; kept, each would sit in the queue for the whole
        // call limit (120 s by default): tens of thousands of dead tasks at a few hundred calls a second
        watchdogs.setRemoveOnCancelPolicy(true);
        this.watchdogs = watchdogs;
    }

    /** Reads a 2xx body; a streamed reader calls {@link TokenSignal#arrived()} as each event arrives. */
    @FunctionalInterface
    public interface BodyReader<T> {
        T read(InputStream in, TokenSignal tokens) throws IOException;
    }

    /** Told when the stream delivers something; the first call stops the first-token clock. */
    @FunctionalInterface
    public interface TokenSignal {
        void arrived();
    }

    /**
     * A JSON {@code POST} of {@code body} to {@code uri}, asking for a stream or a JSON answer; the wire client adds
     * its own headers (the key's among them).
     */
    public HttpRequest.Builder post(URI uri, Object body, boolean stream) {
        return HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .header("Accept", stream ? "text/event-stream" : "application/json")
                .header("User-Agent", "llm-pool")
                .POST(HttpRequest.BodyPublishers.ofByteArray(codec.toBytes(body)));
    }

    /**
     * A non-streamed call: the 2xx body read as JSON into {@code type}. A body that is itself an error (some servers
     * answer 200 with one) is classified as an error inside a stream is; an unreadable body is {@code TRANSIENT}.
     *
     * @param what names the answer in the unreadable-body error ("completion")
     */
    public <T> T call(HttpRequest.Builder request, CallBudget budget, Class<T> type, String what) {
        return exchange(request, budget, false, (in, tokens) -> answer(in.readAllBytes(), type, what));
    }

    /**
     * A streamed call: the body's lines go to the decoder {@code decoder} makes, and each frame it decodes stops the
     * first-token clock and goes to {@code onFrame}, on the calling thread as its frame arrives.
     */
    public <F> void stream(HttpRequest.Builder request, CallBudget budget,
                           Function<Consumer<F>, LineDecoder> decoder, Consumer<F> onFrame) {
        exchange(request, budget, true, (in, tokens) -> {
            StreamFrames.read(in, decoder.apply(frame -> {
                tokens.arrived();
                onFrame.accept(frame);
            }));
            return null;
        });
    }

    /**
     * Sends {@code request} (its timeout is set here) and reads the answer within {@code budget}.
     *
     * @param stream whether the answer is a stream (only then the first-token limit applies)
     */
    public <T> T exchange(HttpRequest.Builder request, CallBudget budget, boolean stream, BodyReader<T> reader) {
        long started = System.nanoTime();
        boolean firstTokenBinds = stream && budget.firstTokenBinds();
        Duration headersWithin = firstTokenBinds ? budget.firstToken() : budget.total();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.timeout(headersWithin).build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            throw failure(CallFailures.io(e), e);
        } catch (HttpTimeoutException e) {
            throw failure(firstTokenBinds ? CallFailures.firstTokenTimeout(budget.firstToken()) : timeout(budget), e);
        } catch (IOException e) {
            throw failure(CallFailures.io(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(new AttemptError(ErrorClass.TRANSIENT, "interrupted while calling the provider", null,
                    null, "interrupted"), e);
        }
        try (InputStream in = response.body()) {
            int status = response.statusCode();
            if (status < 200 || status >= 300) {
                String text = new String(in.readNBytes(MAX_ERROR_BODY_BYTES), StandardCharsets.UTF_8);
                throw failure(errors.fromHttp(status, response.headers(), text, clock.instant()), null);
            }
            Watchdog watchdog = new Watchdog(in, left(budget.total(), started),
                    firstTokenBinds ? left(budget.firstToken(), started) : null);
            try {
                return reader.read(in, watchdog::tokenArrived);
            } catch (IOException e) {
                if (watchdog.fired() != null) {
                    throw failure(watchdog.fired() == Limit.FIRST_TOKEN
                            ? CallFailures.firstTokenTimeout(budget.firstToken()) : timeout(budget), e);
                }
                throw failure(CallFailures.io(e), e);
            } catch (ProviderException e) {
                // its message is still raw (it may hold the key); only its cause is kept
                throw failure(e.error(), e.getCause());
            } finally {
                watchdog.cancel();
            }
        } catch (IOException e) {
            throw failure(CallFailures.io(e), e);
        }
    }

    private <T> T answer(byte[] bytes, Class<T> type, String what) {
        try {
            JsonNode tree = codec.readTree(bytes);
            if (errors.isError(tree)) {
                throw new ProviderException(errors.fromStreamError(tree.toString()));
            }
            return codec.fromTree(tree, type);
        } catch (JacksonException e) {
            throw new ProviderException(new AttemptError(ErrorClass.TRANSIENT, "unreadable " + what + ": "
                    + new String(bytes, StandardCharsets.UTF_8), 200, null, "invalid_response"), e);
        }
    }

    private static AttemptError timeout(CallBudget budget) {
        return CallFailures.timeout(budget.total(), budget.deadlineBound());
    }

    private static Duration left(Duration limit, long startedNanos) {
        Duration left = limit.minusNanos(System.nanoTime() - startedNanos);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** The failure as a {@link ProviderException}, its message cleaned: the key masked out first, then cut. */
    public ProviderException failure(AttemptError error, Throwable cause) {
        AttemptError cleaned = new AttemptError(error.errorClass(), ErrorText.clean(error.message(), apiKey),
                error.httpStatus(), error.retryAfterMs(), error.providerCode());
        return cause == null ? new ProviderException(cleaned) : new ProviderException(cleaned, cause);
    }

    @Override
    public void close() {
        http.shutdownNow();
        httpExecutor.shutdownNow();
        watchdogs.shutdownNow();
    }

    private enum Limit { TOTAL, FIRST_TOKEN }

    /** Closes the body when the whole call's time is up, or the first token's before one arrived. */
    private final class Watchdog {

        private final InputStream in;
        private final ScheduledFuture<?> total;
        private volatile ScheduledFuture<?> firstToken;
        private volatile Limit fired;

        Watchdog(InputStream in, Duration totalLeft, Duration firstTokenLeft) {
            this.in = in;
            this.total = schedule(Limit.TOTAL, totalLeft);
            this.firstToken = firstTokenLeft == null ? null : schedule(Limit.FIRST_TOKEN, firstTokenLeft);
        }

        private ScheduledFuture<?> schedule(Limit limit, Duration after) {
            return watchdogs.schedule(() -> fire(limit), Math.max(1, after.toMillis()), TimeUnit.MILLISECONDS);
        }

        private void fire(Limit limit) {
            if (fired != null) {
                return;
            }
            fired = limit;
            try {
                in.close();
            } catch (IOException ignored) {
                // closing is the point; a failure to close leaves the read to end on its own
            }
        }

        void tokenArrived() {
            ScheduledFuture<?> pending = firstToken;
            if (pending != null) {
                firstToken = null;
                pending.cancel(false);
            }
        }

        Limit fired() {
            return fired;
        }

        void cancel() {
            total.cancel(false);
            tokenArrived();
        }
    }
}
