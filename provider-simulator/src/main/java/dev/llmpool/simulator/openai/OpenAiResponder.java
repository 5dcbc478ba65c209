package dev.llmpool.simulator.openai;

import com.sun.net.httpserver.HttpExchange;
import dev.llmpool.simulator.http.HttpExchanges;
import dev.llmpool.simulator.openai.wire.ErrorBody;
import dev.llmpool.simulator.openai.wire.ErrorResponse;
import dev.llmpool.simulator.ratelimit.RateLimitDecision;
import java.io.IOException;
import tools.jackson.databind.json.JsonMapper;

/** Sends complete OpenAI answers (JSON bodies and errors) with OpenAI's headers. */
final class OpenAiResponder {

    private final JsonMapper json;

    OpenAiResponder(JsonMapper json) {
        this.json = json;
    }

    void json(HttpExchange exchange, int status, Object body, RateLimitDecision limit, long startedNanos)
            throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        OpenAiHeaders.rateLimit(exchange.getResponseHeaders(), limit);
        OpenAiHeaders.processingTime(exchange.getResponseHeaders(), startedNanos);
        HttpExchanges.sendJson(exchange, status, bytes);
    }

    /** Sends {@code error}; a 429's own limit state wins over {@code limit}. */
    void error(HttpExchange exchange, OpenAiException error, RateLimitDecision limit, long startedNanos)
            throws IOException {
        RateLimitDecision reported = error.rateLimit() != null ? error.rateLimit() : limit;
        json(exchange, error.status(), new ErrorResponse(error.body()), reported, startedNanos);
    }

    /** The body of an unexpected failure, for {@link dev.llmpool.simulator.http.GuardedHandler}. */
    byte[] internalError(String message) {
        return json.writeValueAsBytes(new ErrorResponse(new ErrorBody(message, OpenAiErrors.SERVER_ERROR, null,
                OpenAiErrors.SERVER_ERROR)));
    }
}
