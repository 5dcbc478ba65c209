package dev.llmpool.simulator.anthropic;

import com.sun.net.httpserver.HttpServer;
import dev.llmpool.simulator.http.GuardedHandler;
import dev.llmpool.simulator.runtime.SimulatorRuntime;

/** Mounts the Anthropic wire format: {@code POST /v1/messages}, and Anthropic's 404 below it. */
public final class AnthropicRoutes {

    private AnthropicRoutes() {
    }

    public static void register(HttpServer server, SimulatorRuntime runtime) {
        AnthropicMapper mapper = new AnthropicMapper(runtime.json());
        AnthropicResponder responder = new AnthropicResponder(runtime.json(), runtime.clock());
        AnthropicMessagesHandler messages = new AnthropicMessagesHandler(runtime, mapper, responder);
        server.createContext(AnthropicMessagesHandler.PATH, new GuardedHandler(messages, responder::internalError));
    }
}
