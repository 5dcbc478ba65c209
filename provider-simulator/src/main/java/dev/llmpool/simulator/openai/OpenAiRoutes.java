package dev.llmpool.simulator.openai;

import com.sun.net.httpserver.HttpServer;
import dev.llmpool.simulator.http.GuardedHandler;
import dev.llmpool.simulator.runtime.SimulatorRuntime;

/**
 * Mounts the OpenAI wire format: {@code /v1/chat/completions}, {@code /v1/embeddings}, {@code /v1/models}, and
 * OpenAI's 404 under {@code /v1}.
 */
public final class OpenAiRoutes {

    private OpenAiRoutes() {
    }

    public static void register(HttpServer server, SimulatorRuntime runtime) {
        OpenAiMapper mapper = new OpenAiMapper();
        OpenAiResponder responder = new OpenAiResponder(runtime.json());
        OpenAiChatCompletionsHandler chat = new OpenAiChatCompletionsHandler(runtime, mapper, responder);
        OpenAiModelsHandler models = new OpenAiModelsHandler(runtime, responder);
        server.createContext(OpenAiChatCompletionsHandler.PATH, new GuardedHandler(chat, responder::internalError));
        server.createContext(OpenAiEmbeddingsHandler.PATH, new GuardedHandler(
                new OpenAiEmbeddingsHandler(runtime, responder), responder::internalError));
        // "/v1/" also catches every unknown /v1 path, which the models handler answers with OpenAI's 404
        server.createContext(OpenAiModelsHandler.PATH, new GuardedHandler(models, responder::internalError));
        server.createContext("/v1/", new GuardedHandler(models, responder::internalError));
    }
}
