package dev.llmpool.simulator.admin;

import com.sun.net.httpserver.HttpExchange;
import dev.llmpool.simulator.SimulatorSettings;
import dev.llmpool.simulator.http.ExchangeHandler;
import dev.llmpool.simulator.http.HttpExchanges;
import dev.llmpool.simulator.stats.StatsRecorder;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Control from other processes: {@code GET /_sim/stats}, {@code DELETE /_sim/stats} (reset),
 * {@code GET /_sim/settings} and {@code POST /_sim/settings} (partial update, answers the new settings).
 */
public final class AdminHandler implements ExchangeHandler {

    /** Where the admin endpoints live. */
    public static final String PREFIX = "/_sim/";

    private static final String STATS = PREFIX + "stats";
    private static final String SETTINGS = PREFIX + "settings";

    private final JsonMapper json;
    private final StatsRecorder stats;
    private final Supplier<SimulatorSettings> settings;
    private final Consumer<SimulatorSettings> update;

    public AdminHandler(JsonMapper json, StatsRecorder stats, Supplier<SimulatorSettings> settings,
            Consumer<SimulatorSettings> update) {
        this.json = json;
        this.stats = stats;
        this.settings = settings;
        this.update = update;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        byte[] body = HttpExchanges.readBody(exchange);
        String route = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
        switch (route) {
            case "GET " + STATS -> send(exchange, 200, stats.snapshot());
            case "DELETE " + STATS -> {
                stats.reset();
                send(exchange, 200, stats.snapshot());
            }
            case "GET " + SETTINGS -> send(exchange, 200, SettingsView.of(settings.get()));
            case "POST " + SETTINGS, "PATCH " + SETTINGS -> updateSettings(exchange, body);
            default -> send(exchange, 404, error("no admin endpoint " + route));
        }
    }

    private void updateSettings(HttpExchange exchange, byte[] body) throws IOException {
        SimulatorSettings next;
        try {
            JsonNode patch = json.readTree(body);
            next = SettingsPatch.apply(settings.get(), patch);
        } catch (JacksonException e) {
            send(exchange, 400, error("the settings update is not valid JSON: " + e.getOriginalMessage()));
            return;
        } catch (IllegalArgumentException e) {
            send(exchange, 400, error(e.getMessage()));
            return;
        }
        update.accept(next);
        send(exchange, 200, SettingsView.of(settings.get()));
    }

    private void send(HttpExchange exchange, int status, Object body) throws IOException {
        HttpExchanges.sendJson(exchange, status, json.writeValueAsBytes(body));
    }

    private static Map<String, Object> error(String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("type", "invalid_request_error");
        error.put("param", null);
        error.put("code", "invalid_admin_request");
        return Map.of("error", error);
    }
}
