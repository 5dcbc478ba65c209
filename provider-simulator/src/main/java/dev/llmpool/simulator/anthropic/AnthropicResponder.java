package dev.llmpool.simulator.anthropic;

import com.sun.net.httpserver.HttpExchange;
import dev.llmpool.simulator.anthropic.wire.ErrorBody;
import dev.llmpool.simulator.anthropic.wire.ErrorResponse;
import dev.llmpool.simulator.http.HttpExchanges;
import dev.llmpool.simulator.ratelimit.RateLimitDecision;
import java.io.IOException;
import java.time.Clock;
import tools.jackson.databind.json.JsonMapper;

/** Sends complete Anthropic answers (JSON bodies and errors) with Anthropic's rate-limit headers. */
final class AnthropicResponder {

    private final JsonMapper json;
    private final Clock clock;

    AnthropicResponder(JsonMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    void json(HttpExchange exchange, int status, Object body, RateLimitDecision limit) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        AnthropicHeaders.rateLimit(exchange.getResponseHeaders(), limit, clock.instant());
        HttpExchanges.sendJson(exchange, status, bytes);
    }

    /** Sends {@code error}; a 429's own limit state wins over {@code limit}. */
    void error(HttpExchange exchange, AnthropicException error, RateLimitDecision limit, String requestId)
            throws IOException {
        RateLimitDecision reported = error.rateLimit() != null ? error.rateLimit() : limit;
        json(exchange, error.status(), new ErrorResponse(new ErrorBody(error.type(), error.getMessage()), requestId),
                reported);
    }

    /** The body of an unexpected failure, for {@link dev.llmpool.simulator.http.GuardedHandler}. */
    byte[] internalError(String message) {
        return json.writeValueAsBytes(new ErrorResponse(new ErrorBody(AnthropicErrors.API_ERROR, message), null));
    }
}
