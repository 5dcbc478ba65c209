package dev.llmpool.simulator.openai;

import com.sun.net.httpserver.HttpExchange;
import dev.llmpool.simulator.SimulatorSettings;
import dev.llmpool.simulator.http.ExchangeHandler;
import dev.llmpool.simulator.http.HttpExchanges;
import dev.llmpool.simulator.openai.wire.ModelEntry;
import dev.llmpool.simulator.openai.wire.ModelList;
import dev.llmpool.simulator.ratelimit.RateLimitDecision;
import dev.llmpool.simulator.runtime.SimulatorRuntime;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /v1/models} lists the settings' models; {@code GET /v1/models/{id}} retrieves one (any name but
 * {@code does-not-exist} exists, as on chat completions). Other paths under {@code /v1} answer OpenAI's 404.
 */
final class OpenAiModelsHandler implements ExchangeHandler {

    static final String PATH = "/v1/models";

    /** A fixed creation time: 2024-07-18, so listings are stable. */
    private static final long CREATED = 1_721_260_800L;
    private static final String OWNER = "system";

    private final SimulatorRuntime runtime;
    private final OpenAiResponder responder;

    OpenAiModelsHandler(SimulatorRuntime runtime, OpenAiResponder responder) {
        this.runtime = runtime;
        this.responder = responder;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long started = System.nanoTime();
        HttpExchanges.readBody(exchange);
        SimulatorSettings settings = runtime.settings().get();
        OpenAiHeaders.identify(exchange.getResponseHeaders(), OpenAiIds.requestId());
        RateLimitDecision limit = runtime.limiter().peek(settings.requestsPerMinute());
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        try {
            if (PATH.equals(path) || path.startsWith(PATH + "/")) {
                if (!"GET".equals(method)) {
                    throw OpenAiErrors.methodNotAllowed(method, path);
                }
                Object body = PATH.equals(path) ? list(settings) : model(path.substring(PATH.length() + 1));
                responder.json(exchange, 200, body, limit, started);
            } else {
                throw OpenAiErrors.unknownUrl(method, path);
            }
        } catch (OpenAiException e) {
            responder.error(exchange, e, limit, started);
        }
    }

    private static ModelList list(SimulatorSettings settings) {
        List<ModelEntry> models = new ArrayList<>(settings.models().size());
        for (String id : settings.models()) {
            models.add(entry(id));
        }
        return new ModelList("list", models);
    }

    private static ModelEntry model(String id) {
        if (id.isEmpty() || OpenAiMapper.MISSING_MODEL.equals(id)) {
            throw OpenAiErrors.modelNotFound(id);
        }
        return entry(id);
    }

    private static ModelEntry entry(String id) {
        return new ModelEntry(id, "model", CREATED, OWNER);
    }
}
