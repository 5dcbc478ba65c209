package dev.llmpool.simulator;

import com.sun.net.httpserver.HttpServer;
import dev.llmpool.simulator.admin.AdminHandler;
import dev.llmpool.simulator.anthropic.AnthropicRoutes;
import dev.llmpool.simulator.fault.FaultInjector;
import dev.llmpool.simulator.gemini.GeminiRoutes;
import dev.llmpool.simulator.generation.DeterministicGenerator;
import dev.llmpool.simulator.http.GuardedHandler;
import dev.llmpool.simulator.openai.OpenAiRoutes;
import dev.llmpool.simulator.ratelimit.RequestRateLimiter;
import dev.llmpool.simulator.runtime.SimulatorRuntime;
import dev.llmpool.simulator.stats.StatsRecorder;
import dev.llmpool.simulator.timing.Pacer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP server standing in for LLM providers, speaking OpenAI's Chat Completions under {@code /v1},
 * Anthropic's Messages at {@code /v1/messages} and Gemini's generateContent under {@code /v1beta}. Built on the
 * JDK's {@link HttpServer} with one virtual thread per exchange, so it embeds in any test or JVM. Answers are
 * deterministic from the request; latency, token pace, faults and limits come from {@link SimulatorSettings},
 * changeable while running.
 *
 * <pre>{@code
 * try (ProviderSimulator sim = ProviderSimulator.start(SimulatorSettings.defaults())) {
 *   URI openAiBase = sim.baseUrl().resolve("/v1");
 * }
 * }</pre>
 */
public final class ProviderSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderSimulator.class);
    private static final int BACKLOG = 4096;
    private static final long CLOSE_WAIT_SECONDS = 5;
    private static final byte[] NOT_FOUND = ("{\"error\":{\"message\":\"Not found\",\"type\":\"invalid_request_error\","
            + "\"param\":null,\"code\":\"unknown_url\"}}").getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicReference<SimulatorSettings> settings;
    private final StatsRecorder stats;
    private final URI baseUrl;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ProviderSimulator(HttpServer server, ExecutorService executor, AtomicReference<SimulatorSettings> settings,
            StatsRecorder stats) {
        this.server = server;
        this.executor = executor;
        this.settings = settings;
        this.stats = stats;
        String host = settings.get().host();
        this.baseUrl = URI.create("http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":"
                + settings.get().port());
    }

    /** Starts a simulator on {@code settings.host()} and {@code settings.port()} (0 = a random free port). */
    public static ProviderSimulator start(SimulatorSettings settings) {
        return start(settings, Clock.systemUTC());
    }

    /**
     * Starts a simulator whose timestamps and rate-limit windows follow {@code clock}: tests pass a clock they move
     * by hand instead of sleeping.
     */
    public static ProviderSimulator start(SimulatorSettings settings, Clock clock) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(clock, "clock");
        ServerTuning.apply();
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), BACKLOG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind " + settings.host() + ":" + settings.port(), e);
        }
        AtomicReference<SimulatorSettings> live =
                new AtomicReference<>(settings.withPort(server.getAddress().getPort()));
        JsonMapper json = JsonMapper.builder().build();
        StatsRecorder stats = new StatsRecorder();
        SimulatorRuntime runtime = new SimulatorRuntime(live::get, clock, json, new RequestRateLimiter(clock),
                new FaultInjector(), stats, new DeterministicGenerator(json), new Pacer());
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        ProviderSimulator simulator = new ProviderSimulator(server, executor, live, stats);
        OpenAiRoutes.register(server, runtime);
        AnthropicRoutes.register(server, runtime);
        GeminiRoutes.register(server, runtime);
        AdminHandler admin = new AdminHandler(json, stats, live::get, simulator::updateSettings);
        server.createContext(AdminHandler.PREFIX, new GuardedHandler(admin, message -> json.writeValueAsBytes(
                Map.of("error", Map.of("message", message, "type", "server_error")))));
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(404, NOT_FOUND.length);
                exchange.getResponseBody().write(NOT_FOUND);
            }
        });
        server.setExecutor(executor);
        server.start();
        LOG.info("provider simulator listening on {}", simulator.baseUrl);
        return simulator;
    }

    /**
     * {@code http://host:port}: OpenAI's endpoints live under {@code /v1}, Anthropic's at {@code /v1/messages},
     * Gemini's under {@code /v1beta}, so each SDK takes this (OpenAI's with {@code /v1} appended) as its base URL.
     */
    public URI baseUrl() {
        return baseUrl;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The current settings, with the port actually bound. */
    public SimulatorSettings settings() {
        return settings.get();
    }

    /**
     * Changes behaviour from the next request on. Host and port stay as bound: their values in {@code next} are
     * ignored. Requests already past a stage (e.g. streaming) finish with the settings they started with.
     */
    public void updateSettings(SimulatorSettings next) {
        Objects.requireNonNull(next, "settings");
        SimulatorSettings bound = settings.get();
        settings.set(next.withHost(bound.host()).withPort(bound.port()));
    }

    /** The counters since start or the last {@link #resetStats()}. */
    public SimulatorStats stats() {
        return stats.snapshot();
    }

    /**
     * The most generation requests that arrived within any {@code window} since start or the last
     * {@link #resetStats()} (of the last 100 000): e.g. whether a pool kept to an RPM limit in every minute.
     */
    public int maxRequestsIn(Duration window) {
        return stats.maxRequestsIn(window);
    }

    /** Sets every counter back to zero. */
    public void resetStats() {
        stats.reset();
    }

    /** Stops at once: open connections are closed, streams in progress are cut. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop(0);
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("provider simulator on {}: exchanges still running after {} s", baseUrl, CLOSE_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("provider simulator on {} stopped", baseUrl);
    }

    @Override
    public String toString() {
        return "ProviderSimulator[" + baseUrl + "]";
    }
}
