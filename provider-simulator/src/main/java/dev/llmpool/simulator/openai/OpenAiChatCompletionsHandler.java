package dev.llmpool.simulator.openai;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import dev.llmpool.simulator.SimulatorSettings;
import dev.llmpool.simulator.directive.Directives;
import dev.llmpool.simulator.fault.Fault;
import dev.llmpool.simulator.generation.Generation;
import dev.llmpool.simulator.http.SseWriter;
import dev.llmpool.simulator.openai.wire.ChatCompletionRequest;
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
 * {@code POST /v1/chat/completions}. In order: the rate limiter admits (an admitted request counts whatever
 * follows), the key is checked ({@code sk-invalid} is the one rejected), the body is parsed and validated, latency
 * and {@code [sim:delay]} pass, directive and injected faults answer, and otherwise the generation is sent whole
 * or streamed.
 */
final class OpenAiChatCompletionsHandler extends OpenAiEndpoint {

    static final String PATH = "/v1/chat/completions";

    /** What an injected 429 asks the client to wait. */
    static final Duration INJECTED_RETRY_AFTER = Duration.ofSeconds(1);

    private final OpenAiMapper mapper;
    private final OpenAiStreamWriter streamWriter;

    OpenAiChatCompletionsHandler(SimulatorRuntime runtime, OpenAiMapper mapper, OpenAiResponder responder) {
        super(PATH, runtime, responder);
        this.mapper = mapper;
        this.streamWriter = new OpenAiStreamWriter(runtime.json(), mapper);
    }

    @Override
    protected void answer(HttpExchange exchange, byte[] body, SimulatorSettings settings, RateLimitDecision limit,
                          long started) throws IOException, InterruptedException {
        ChatCall call = mapper.toCall(parse(body));
        Directives directives = call.generation().prompt().directives();
        runtime.pacer().pause(settings.latency().plus(directives.delay()));
        if (directives.leakKey()) {
            throw OpenAiErrors.keyEchoed(bearer(exchange.getRequestHeaders()));
        }
        failIfAsked(directives, settings);
        Generation generation = runtime.generator().generate(call.generation(), settings.defaultCompletionTokens(),
                settings.seed());
        CompletionMeta meta = new CompletionMeta(OpenAiIds.completionId(),
                runtime.clock().instant().getEpochSecond(), call.generation().model());
        if (call.stream()) {
            stream(exchange, call, meta, generation, limit, settings, started);
        } else {
            runtime.pacer().pause(runtime.pacer().generationTime(settings.timeToFirstToken(),
                    settings.tokensPerSecond(), generation.longestChoiceTokens()));
            if (directives.hasStreamError()) {
                throw OpenAiErrors.serverError();
            }
            runtime.stats().completed(generation.promptTokens(), generation.completionTokens());
            responder.json(exchange, 200, mapper.toCompletion(meta, generation), limit, started);
        }
    }

    /** The caller's bearer token, or {@code (none)}. */
    private static String bearer(Headers headers) {
        String authorization = headers.getFirst("Authorization");
        return authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? authorization.substring(BEARER.length()).strip() : "(none)";
    }

    private ChatCompletionRequest parse(byte[] body) {
        if (body.length == 0) {
            throw OpenAiErrors.invalidJson("The body is empty.");
        }
        try {
            ChatCompletionRequest request = runtime.json().readValue(body, ChatCompletionRequest.class);
            if (request == null) {
                throw OpenAiErrors.invalidJson("The body is null.");
            }
            return request;
        } catch (DatabindException e) {
            String param = param(e.getPath());
            throw OpenAiErrors.invalidType(param, "Invalid type for '" + param + "': " + e.getOriginalMessage());
        } catch (JacksonException e) {
            throw OpenAiErrors.invalidJson(e.getOriginalMessage());
        }
    }

    /** OpenAI's name for a JSON path: {@code messages[0].content}. */
    private static String param(List<JacksonException.Reference> path) {
        StringBuilder param = new StringBuilder();
        for (JacksonException.Reference reference : path) {
            if (reference.getPropertyName() != null) {
                if (!param.isEmpty()) {
                    param.append('.');
                }
                param.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                param.append('[').append(reference.getIndex()).append(']');
            }
        }
        return param.isEmpty() ? "body" : param.toString();
    }

    private void failIfAsked(Directives directives, SimulatorSettings settings) {
        if (directives.hasStatus()) {
            throw OpenAiErrors.forStatus(directives.status(), injectedRateLimit(settings));
        }
        Fault fault = runtime.faults().next(settings.errorRate(), settings.rateLimitErrorRate(), settings.seed());
        switch (fault) {
            case SERVER_ERROR -> throw OpenAiErrors.serverError();
            case RATE_LIMIT -> throw OpenAiErrors.rateLimited(injectedRateLimit(settings));
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

    private void stream(HttpExchange exchange, ChatCall call, CompletionMeta meta, Generation generation,
            RateLimitDecision limit, SimulatorSettings settings, long started) throws IOException, InterruptedException {
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", SseWriter.TEXT_EVENT_STREAM);
        headers.set("Cache-Control", "no-cache");
        OpenAiHeaders.rateLimit(headers, limit);
        OpenAiHeaders.processingTime(headers, started);
        runtime.stats().streamStarted();
        exchange.sendResponseHeaders(200, 0);
        int errorAfter = call.generation().prompt().directives().streamErrorAfter();
        TokenSchedule schedule = runtime.pacer().schedule(settings.timeToFirstToken(), settings.tokensPerSecond());
        try (OutputStream out = exchange.getResponseBody()) {
            streamWriter.write(new SseWriter(out, schedule.paced()), meta, generation, call.includeUsage(), errorAfter,
                    schedule, completed -> {
                        if (completed) {
                            runtime.stats().completed(generation.promptTokens(), generation.completionTokens());
                        } else {
                            runtime.stats().streamError();
                        }
                    });
        }
    }
}
