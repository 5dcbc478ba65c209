package dev.llmpool.simulator.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Small helpers over {@link HttpExchange}: read the whole body, send a complete JSON answer. */
public final class HttpExchanges {

    /** Content type of JSON answers. */
    public static final String APPLICATION_JSON = "application/json";

    private HttpExchanges() {
    }

    /** The whole request body; reading it all keeps the connection reusable (keep-alive). */
    public static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    /** Sends {@code body} as JSON with a fixed length and closes the exchange. Headers set before are kept. */
    public static void sendJson(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", APPLICATION_JSON);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Whether the answer's status line has already gone out (then only closing is left). */
    public static boolean headersSent(HttpExchange exchange) {
        return exchange.getResponseCode() != -1;
    }
}
