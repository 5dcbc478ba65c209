package dev.llmpool.simulator;

/**
 * Asks the JDK HTTP server to set {@code TCP_NODELAY} on its connections. It writes a response's headers and body
 * separately, and with Nagle's algorithm on, the body waits for the client's delayed ACK (~40 ms on Linux) on
 * every keep-alive request. The server reads {@code sun.net.httpserver.nodelay} once, when first used, so this
 * runs before the first server is created; a value set explicitly (e.g. {@code -D...=false}) is left alone.
 */
final class TcpNoDelay {

    static final String PROPERTY = "sun.net.httpserver.nodelay";

    private TcpNoDelay() {
    }

    static void request() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, "true");
        }
    }
}
