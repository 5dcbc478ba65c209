package dev.llmpool.simulator;

import java.util.Map;

/**
 * System properties the JDK HTTP server reads once, when it is first used, so this runs before the first server is
 * created; a value set explicitly (e.g. {@code -Dsun.net.httpserver.nodelay=false}) is left alone.
 * <ul>
 * <li>{@code sun.net.httpserver.nodelay}: the server writes a response's headers and body separately, and with
 * Nagle's algorithm on, the body waits for the client's delayed ACK (~40 ms on Linux) on every keep-alive request.</li>
 * <li>{@code sun.net.httpserver.maxIdleConnections}: the server closes keep-alive connections beyond 200 idle ones
 * (the default); a pool with 2,000 calls in flight then loses connections between calls and some calls fail with a
 * closed connection. A provider keeps thousands open.</li>
 * </ul>
 */
final class ServerTuning {

    static final Map<String, String> DEFAULTS = Map.of(
            "sun.net.httpserver.nodelay", "true",
            "sun.net.httpserver.maxIdleConnections", "10000");

    private ServerTuning() {
    }

    static void apply() {
        DEFAULTS.forEach((name, value) -> {
            if (System.getProperty(name) == null) {
                System.setProperty(name, value);
            }
        });
    }
}
