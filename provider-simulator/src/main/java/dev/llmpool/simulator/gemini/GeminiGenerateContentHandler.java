package dev.llmpool.simulator.gemini;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import dev.llmpool.simulator.SimulatorSettings;
import dev.llmpool.simulator.directive.Directives;
import dev.llmpool.simulator.fault.Fault;
import dev.llmpool.simulator.generation.Generation;
import dev.llmpool.simulator.generation.GenerationRequest;
import dev.llmpool.simulator.http.ExchangeHandler;
import dev.llmpool.simulator.http.HttpExchanges;
import dev.llmpool.simulator.http.SseWriter;
import dev.llmpool.simulator.ratelimit.RateLimitDecision;
import dev.llmpool.simulator.ratelimit.RequestRateLimiter;
import dev.llmpool.simulator.runtime.SimulatorRuntime;
import dev.llmpool.simulator.timing.Pacer.TokenSchedule;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /v1beta/models/{model}:generateContent} and {@code :streamGenerateContent} ({@code ?alt=sse} for
 * server-sent events, otherwise a streamed JSON array), and {@code :embedContent} / {@code :batchEmbedContents}
 * ({@link GeminiEmbeddings}). In order: the rate limiter admits (an admitted request
 * counts whatever follows), the key is checked ({@code x-goog-api-key}, {@code ?key=} or a bearer token must be
 * present; {@code sk-invalid} is rejected), the model, then the body is parsed and validated, latency and
 * {@code [sim:delay]} pass, directive and injected faults answer, and otherwise the answer is sent whole or
 * streamed.
 */
final class GeminiGenerateContentHandler implements ExchangeHandler {

    static final String PREFIX = "/v1beta/";

    /** The one API key the simulator rejects. */
    static final String INVALID_KEY = "sk-invalid";

    /** What an injected 429 asks the client to wait. */
    static final Duration INJECTED_RETRY_DELAY = Duration.ofSeconds(1);

    private static final Pattern PATH = Pattern.compile("/v1beta/models/([^/:]+):([A-Za-z]+)");
    private static final String GENERATE = "generateContent";
    private static final String STREAM = "streamGenerateContent";
    private static final String BEARER = "Bearer ";

    private final SimulatorRuntime runtime;
    private final GeminiMapper mapper;
    private final GeminiResponder responder;
    private final GeminiStreamWriter streamWriter;
    private final GeminiEmbeddings embeddings;

    GeminiGenerateContentHandler(SimulatorRuntime runtime, GeminiMapper mapper, GeminiResponder responder) {
        this.runtime = runtime;
        this.mapper = mapper;
        this.responder = responder;
        this.streamWriter = new GeminiStreamWriter(runtime.json(), mapper);
        this.embeddings = new GeminiEmbeddings(runtime, responder);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException, InterruptedException {
        long started = System.nanoTime();
        byte[] body = HttpExchanges.readBody(exchange);
        SimulatorSettings settings = runtime.settings().get();
        String path = exchange.getRequestURI().getPath();
        Matcher matcher = PATH.matcher(path);
        String method = matcher.matches() ? matcher.group(2) : "";
        boolean embed = GeminiEmbeddings.EMBED.equals(method) || GeminiEmbeddings.BATCH.equals(method);
        if (!"POST".equals(exchange.getRequestMethod()) || !GENERATE.equals(method) && !STREAM.equals(method)
                && !embed) {
            responder.error(exchange, GeminiErrors.notFound(exchange.getRequestMethod(), path), started);
            return;
        }
        String model = matcher.group(1);
        boolean stream = STREAM.equals(method);
        runtime.stats().request(runtime.clock().millis());
        RateLimitDecision limit = runtime.limiter().acquire(settings.requestsPerMinute());
        try {
            if (!limit.admitted()) {
                throw GeminiErrors.quotaExceeded(limit.limit(), limit.retryAfter(), model);
            }
            checkApiKey(exchange.getRequestHeaders(), queryParameter(exchange, "key"));
            GeminiMapper.checkModel(model);
            if (embed) {
                runtime.pacer().pause(settings.latency());
                embeddings.answer(exchange, body, model, GeminiEmbeddings.BATCH.equals(method), started);
                return;
            }
            GenerationRequest request = mapper.toGeneration(model, mapper.read(body));
            Directives directives = request.prompt().directives();
            runtime.pacer().pause(settings.latency().plus(directives.delay()));
            failIfAsked(directives, settings, model);
            Generation generation = runtime.generator().generate(request, settings.defaultCompletionTokens(),
                    settings.seed());
            String responseId = GeminiIds.responseId();
            if (stream) {
                stream(exchange, responseId, model, generation, directives.streamErrorAfter(),
                        "sse".equals(queryParameter(exchange, "alt")), settings, started);
            } else {
                runtime.pacer().pause(runtime.pacer().generationTime(settings.timeToFirstToken(),
                        settings.tokensPerSecond(), generation.longestChoiceTokens()));
                if (directives.hasStreamError()) {
                    throw GeminiErrors.internal();
                }
                runtime.stats().completed(generation.promptTokens(), GeminiMapper.outputTokens(generation));
                responder.json(exchange, 200, mapper.toResponse(responseId, model, generation), started);
            }
        } catch (GeminiException e) {
            runtime.stats().error(e.code());
            responder.error(exchange, e, started);
        }
    }

    private static void checkApiKey(Headers headers, String queryKey) {
        String key = headers.getFirst("x-goog-api-key");
        if (key == null) {
            key = queryKey;
        }
        if (key == null) {
            String authorization = headers.getFirst("Authorization");
            if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                key = authorization.substring(BEARER.length());
            }
        }
        if (key == null || key.isBlank()) {
            throw GeminiErrors.missingApiKey();
        }
        if (INVALID_KEY.equals(key.strip())) {
            throw GeminiErrors.invalidApiKey();
        }
    }

    private static String queryParameter(HttpExchange exchange, String name) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private void failIfAsked(Directives directives, SimulatorSettings settings, String model) {
        int limit = settings.requestsPerMinute() > 0 ? settings.requestsPerMinute()
                : RequestRateLimiter.UNLIMITED_REPORTED_LIMIT;
        if (directives.hasStatus()) {
            throw GeminiErrors.forStatus(directives.status(), limit, INJECTED_RETRY_DELAY, model);
        }
        Fault fault = runtime.faults().next(settings.errorRate(), settings.rateLimitErrorRate(), settings.seed());
        switch (fault) {
            case SERVER_ERROR -> throw GeminiErrors.internal();
            case RATE_LIMIT -> throw GeminiErrors.quotaExceeded(limit, INJECTED_RETRY_DELAY, model);
            case NONE -> {
                // generate
            }
        }
    }

    private void stream(HttpExchange exchange, String responseId, String model, Generation generation,
            int errorAfter, boolean sse, SimulatorSettings settings, long started)
            throws IOException, InterruptedException {
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", sse ? SseWriter.TEXT_EVENT_STREAM : ChunkSink.JSON_UTF8);
        GeminiResponder.identify(exchange, started);
        runtime.stats().streamStarted();
        exchange.sendResponseHeaders(200, 0);
        TokenSchedule schedule = runtime.pacer().schedule(settings.timeToFirstToken(), settings.tokensPerSecond());
        try (OutputStream out = exchange.getResponseBody()) {
            ChunkSink sink = sse ? ChunkSink.sse(out, schedule.paced()) : ChunkSink.jsonArray(out, schedule.paced());
            streamWriter.write(sink, responseId, model, generation, errorAfter, schedule, completed -> {
                if (completed) {
                    runtime.stats().completed(generation.promptTokens(), GeminiMapper.outputTokens(generation));
                } else {
                    runtime.stats().streamError();
                }
            });
        }
    }
}
