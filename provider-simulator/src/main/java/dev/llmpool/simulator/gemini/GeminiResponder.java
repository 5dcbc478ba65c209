package dev.llmpool.simulator.gemini;

import com.sun.net.httpserver.HttpExchange;
import dev.llmpool.simulator.gemini.wire.ErrorResponse;
import dev.llmpool.simulator.http.HttpExchanges;
import java.io.IOException;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends complete Gemini answers (JSON bodies and errors) with Google's front-end headers. Google sends no
 * rate-limit headers and no {@code retry-after}: the wait is in the 429 body's {@code RetryInfo}.
 */
final class GeminiResponder {

    private final JsonMapper json;

    GeminiResponder(JsonMapper json) {
        this.json = json;
    }

    void json(HttpExchange exchange, int status, Object body, long startedNanos) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        identify(exchange, startedNanos);
        HttpExchanges.sendJson(exchange, status, bytes);
    }

    void error(HttpExchange exchange, GeminiException error, long startedNanos) throws IOException {
        json(exchange, error.code(), new ErrorResponse(error.body()), startedNanos);
    }

    /** {@code server} and {@code server-timing} as Google's front end writes them. */
    static void identify(HttpExchange exchange, long startedNanos) {
        exchange.getResponseHeaders().set("server", "scaffolding on HTTPServer2");
        exchange.getResponseHeaders().set("server-timing",
                "gfet4t7; dur=" + (System.nanoTime() - startedNanos) / 1_000_000);
    }

    /** The body of an unexpected failure, for {@link dev.llmpool.simulator.http.GuardedHandler}. */
    byte[] internalError(String message) {
        return json.writeValueAsBytes(new ErrorResponse(new GeminiException(500, "INTERNAL", message,
                List.of()).body()));
    }
}
