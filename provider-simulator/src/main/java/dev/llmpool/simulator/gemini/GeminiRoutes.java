package dev.llmpool.simulator.gemini;

import com.sun.net.httpserver.HttpServer;
import dev.llmpool.simulator.http.GuardedHandler;
import dev.llmpool.simulator.runtime.SimulatorRuntime;

/**
 * Mounts the Gemini wire format under {@code /v1beta/}: {@code models/{model}:generateContent} and
 * {@code :streamGenerateContent}, and Google's 404 for every other path there.
 */
public final class GeminiRoutes {

    private GeminiRoutes() {
    }

    public static void register(HttpServer server, SimulatorRuntime runtime) {
        GeminiMapper mapper = new GeminiMapper(runtime.json());
        GeminiResponder responder = new GeminiResponder(runtime.json());
        GeminiGenerateContentHandler handler = new GeminiGenerateContentHandler(runtime, mapper, responder);
        server.createContext(GeminiGenerateContentHandler.PREFIX,
                new GuardedHandler(handler, responder::internalError));
    }
}
