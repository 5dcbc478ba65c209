package dev.llmpool.simulator.openai;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import dev.llmpool.simulator.SimulatorSettings;
import dev.llmpool.simulator.http.ExchangeHandler;
import dev.llmpool.simulator.http.HttpExchanges;
import dev.llmpool.simulator.ratelimit.RateLimitDecision;
import dev.llmpool.simulator.runtime.SimulatorRuntime;
import java.io.IOException;

/**
 * The course of every OpenAI {@code POST} endpoint of the simulator: a request id on every answer; another path or
 * method answered 404/405 in OpenAI's words; the request counted; the rate limiter admits (an admitted request
 * counts whatever follows); the key is checked ({@value #INVALID_KEY} is the one rejected); then the endpoint's own
 * {@link #answer}. An {@link OpenAiException} anywhere becomes OpenAI's error body with the rate-limit headers.
 */
abstract class OpenAiEndpoint implements ExchangeHandler {

    /** The one API key the simulator rejects. */
    static final String INVALID_KEY = "sk-invalid";

    static final String BEARER = "Bearer ";

    protected final SimulatorRuntime runtime;
    protected final OpenAiResponder responder;
    private final String path;

    OpenAiEndpoint(String path, SimulatorRuntime runtime, OpenAiResponder responder) {
        this.path = path;
        this.runtime = runtime;
        this.responder = responder;
    }

    @Override
    public final void handle(HttpExchange exchange) throws IOException, InterruptedException {
        long started = System.nanoTime();
        byte[] body = HttpExchanges.readBody(exchange);
        SimulatorSettings settings = runtime.settings().get();
        OpenAiHeaders.identify(exchange.getResponseHeaders(), OpenAiIds.requestId());
        String asked = exchange.getRequestURI().getPath();
        if (!path.equals(asked) || !"POST".equals(exchange.getRequestMethod())) {
            OpenAiException error = path.equals(asked)
                    ? OpenAiErrors.methodNotAllowed(exchange.getRequestMethod(), asked)
                    : OpenAiErrors.unknownUrl(exchange.getRequestMethod(), asked);
            responder.error(exchange, error, runtime.limiter().peek(settings.requestsPerMinute()), started);
            return;
        }
        runtime.stats().request(runtime.clock().millis());
        RateLimitDecision limit = runtime.limiter().acquire(settings.requestsPerMinute());
        try {
            if (!limit.admitted()) {
                throw OpenAiErrors.rateLimited(limit);
            }
            checkApiKey(exchange.getRequestHeaders());
            answer(exchange, body, settings, limit, started);
        } catch (OpenAiException e) {
            runtime.stats().error(e.status());
            responder.error(exchange, e, limit, started);
        }
    }

    /** Answers an admitted request of a valid key; throws {@link OpenAiException} for OpenAI's errors. */
    protected abstract void answer(HttpExchange exchange, byte[] body, SimulatorSettings settings,
                                   RateLimitDecision limit, long started) throws IOException, InterruptedException;

    private static void checkApiKey(Headers headers) {
        String authorization = headers.getFirst("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && INVALID_KEY.equals(authorization.substring(BEARER.length()).strip())) {
            throw OpenAiErrors.invalidApiKey(INVALID_KEY);
        }
    }
}
