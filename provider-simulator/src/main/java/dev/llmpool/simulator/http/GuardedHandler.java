package dev.llmpool.simulator.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure every exchange is answered and closed. The JDK server would drop the connection silently on an
 * uncaught exception; here the client gets a 500 in the wire format's error shape (when the status line has not
 * gone out yet), and a client that hung up is only logged at debug level.
 */
public final class GuardedHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedHandler.class);

    private final ExchangeHandler delegate;
    private final Function<String, byte[]> internalErrorBody;

    /**
     * @param delegate          the handler to guard
     * @param internalErrorBody the format's 500 body for a message
     */
    public GuardedHandler(ExchangeHandler delegate, Function<String, byte[]> internalErrorBody) {
        this.delegate = delegate;
        this.internalErrorBody = internalErrorBody;
    }

    @Override
    public void handle(HttpExchange exchange) {
        try {
            delegate.handle(exchange);
        } catch (IOException e) {
            LOG.debug("connection lost on {} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("simulator failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            if (!HttpExchanges.headersSent(exchange)) {
                try {
                    HttpExchanges.sendJson(exchange, 500, internalErrorBody.apply("simulator failure: " + e));
                } catch (IOException | RuntimeException ignored) {
                    LOG.debug("could not report the failure to the client", ignored);
                }
            }
        } finally {
            exchange.close();
        }
    }
}
