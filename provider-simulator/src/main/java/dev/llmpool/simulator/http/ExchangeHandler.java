package dev.llmpool.simulator.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/** Like {@link com.sun.net.httpserver.HttpHandler}, but may be interrupted while it paces a response. */
@FunctionalInterface
public interface ExchangeHandler {

    void handle(HttpExchange exchange) throws IOException, InterruptedException;
}
