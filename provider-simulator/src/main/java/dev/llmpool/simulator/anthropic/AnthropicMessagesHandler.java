package dev.llmpool.simulator.anthropic;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import dev.llmpool.simulator.SimulatorSettings;
import dev.llmpool.simulator.anthropic.wire.MessagesRequest;
import dev.llmpool.simulator.directive.Directives;
import dev.llmpool.simulator.fault.Fault;
import dev.llmpool.simulator.generation.Generation;
import dev.llmpool.simulator.http.ExchangeHandler;
import dev.llmpool.simulator.http.HttpExchanges;
import dev.llmpool.simulator.http.SseWriter;
import dev.llmpool.simulator.ratelimit.RateLimitDecision;
import dev.llmpool.simulator.ratelimit.RequestRateLimiter;
import dev.llmpool.simulator.runtime.SimulatorRuntime;
import dev.llmpool.simulator.timing.Pacer.TokenSchedule;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;

/**
 * {@code POST /v1/messages}. In order: the rate limiter admits (an admitted request counts whatever follows), the
 * key is checked ({@code x-api-key} or a bearer token must be present; {@code sk-invalid} is rejected), the
 * {@code anthropic-version} header, then the body is parsed and validated, latency and {@code [sim:delay]} pass,
 * directive and injected faults answer, and otherwise the message is sent whole or streamed. Every answer carries
 * {@code request-id} and the {@code anthropic-ratelimit-*} headers.
 */
final class AnthropicMessagesHandler implements ExchangeHandler {

    static final String PATH = "/v1/messages";

    /** The one API key the simulator rejects. */
    static final String INVALID_KEY = "sk-invalid";

    /** What an injected 429 asks the client to wait. */
    static final Duration INJECTED_RETRY_AFTER = Duration.ofSeconds(1);

    private static final String BEARER = "Bearer ";

    private final SimulatorRuntime runtime;
    private final AnthropicMapper mapper;
    private final AnthropicResponder responder;
    private final AnthropicStreamWriter streamWriter;

    AnthropicMessagesHandler(SimulatorRuntime runtime, AnthropicMapper mapper, AnthropicResponder responder) {
        this.runtime = runtime;
        this.mapper = mapper;
        this.responder = responder;
        this.streamWriter = new AnthropicStreamWriter(runtime.json(), mapper);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException, InterruptedException {
        byte[] body = HttpExchanges.readBody(exchange);
        SimulatorSettings settings = runtime.settings().get();
        String requestId = AnthropicIds.requestId();
        AnthropicHeaders.identify(exchange.getResponseHeaders(), requestId);
        String path = exchange.getRequestURI().getPath();
        if (!PATH.equals(path) || !"POST".equals(exchange.getRequestMethod())) {
            AnthropicException error = PATH.equals(path)
                    ? AnthropicErrors.methodNotAllowed()
                    : AnthropicErrors.notFound();
            responder.error(exchange, error, runtime.limiter().peek(settings.requestsPerMinute()), requestId);
            return;
        }
        runtime.stats().request(runtime.clock().millis());
        RateLimitDecision limit = runtime.limiter().acquire(settings.requestsPerMinute());
        try {
            if (!limit.admitted()) {
                throw AnthropicErrors.rateLimited(limit);
            }
            checkApiKey(exchange.getRequestHeaders());
            AnthropicMapper.checkVersion(exchange.getRequestHeaders().getFirst("anthropic-version"));
            MessagesCall call = mapper.toCall(parse(body));
            Directives directives = call.generation().prompt().directives();
            runtime.pacer().pause(settings.latency().plus(directives.delay()));
            failIfAsked(directives, settings);
            Generation generation = runtime.generator().generate(call.generation(), settings.defaultCompletionTokens(),
                    settings.seed());
            String id = AnthropicIds.messageId();
            String model = call.generation().model();
            if (call.stream()) {
                stream(exchange, id, model, generation, directives.streamErrorAfter(), limit, settings);
            } else {
                runtime.pacer().pause(runtime.pacer().generationTime(settings.timeToFirstToken(),
                        settings.tokensPerSecond(), generation.longestChoiceTokens()));
                if (directives.hasStreamError()) {
                    throw AnthropicErrors.overloaded();
                }
                runtime.stats().completed(generation.promptTokens(), generation.completionTokens());
                responder.json(exchange, 200, mapper.toMessage(id, model, generation), limit);
            }
        } catch (AnthropicException e) {
            runtime.stats().error(e.status());
            responder.error(exchange, e, limit, requestId);
        }
    }

    private static void checkApiKey(Headers headers) {
        String key = headers.getFirst("x-api-key");
        if (key == null) {
            String authorization = headers.getFirst("Authorization");
            if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                key = authorization.substring(BEARER.length());
            }
        }
        if (key == null || key.isBlank()) {
            throw AnthropicErrors.missingApiKey();
        }
        if (INVALID_KEY.equals(key.strip())) {
            throw AnthropicErrors.invalidApiKey();
        }
    }

    private MessagesRequest parse(byte[] body) {
        if (body.length == 0) {
            throw AnthropicErrors.invalidJson("the body is empty");
        }
        try {
            MessagesRequest request = runtime.json().readValue(body, MessagesRequest.class);
            if (request == null) {
                throw AnthropicErrors.invalidJson("the body is null");
            }
            return request;
        } catch (DatabindException e) {
            throw AnthropicErrors.invalidRequest(field(e.getPath()) + ": " + e.getOriginalMessage());
        } catch (JacksonException e) {
            throw AnthropicErrors.invalidJson(e.getOriginalMessage());
        }
    }

    /** Anthropic's name for a JSON path: {@code messages.0.content}. */
    private static String field(List<JacksonException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JacksonException.Reference reference : path) {
            String part = reference.getPropertyName() != null ? reference.getPropertyName()
                    : reference.getIndex() >= 0 ? Integer.toString(reference.getIndex()) : null;
            if (part != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(part);
            }
        }
        return field.isEmpty() ? "body" : field.toString();
    }

    private void failIfAsked(Directives directives, SimulatorSettings settings) {
        if (directives.hasStatus()) {
            throw AnthropicErrors.forStatus(directives.status(), injectedRateLimit(settings));
        }
        Fault fault = runtime.faults().next(settings.errorRate(), settings.rateLimitErrorRate(), settings.seed());
        switch (fault) {
            case SERVER_ERROR -> throw AnthropicErrors.apiError();
            case RATE_LIMIT -> throw AnthropicErrors.rateLimited(injectedRateLimit(settings));
            case NONE -> {
                // generate
            }
        }
    }

    private static RateLimitDecision injectedRateLimit(SimulatorSettings settings) {
        int limit = settings.requestsPerMinute() > 0 ? settings.requestsPerMinute()
                : RequestRateLimiter.UNLIMITED_REPORTED_LIMIT;
        return RateLimitDecision.exhausted(limit, INJECTED_RETRY_AFTER);
    }

    private void stream(HttpExchange exchange, String id, String model, Generation generation, int errorAfter,
            RateLimitDecision limit, SimulatorSettings settings) throws IOException, InterruptedException {
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", SseWriter.TEXT_EVENT_STREAM);
        headers.set("Cache-Control", "no-cache");
        AnthropicHeaders.rateLimit(headers, limit, runtime.clock().instant());
        runtime.stats().streamStarted();
        exchange.sendResponseHeaders(200, 0);
        TokenSchedule schedule = runtime.pacer().schedule(settings.timeToFirstToken(), settings.tokensPerSecond());
        try (OutputStream out = exchange.getResponseBody()) {
            streamWriter.write(new SseWriter(out, schedule.paced()), id, model, generation, errorAfter, schedule,
                    completed -> {
                        if (completed) {
                            runtime.stats().completed(generation.promptTokens(), generation.completionTokens());
                        } else {
                            runtime.stats().streamError();
                        }
                    });
        }
    }
}
