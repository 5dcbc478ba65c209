package dev.llmpool.simulator.support;

import dev.llmpool.simulator.ProviderSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Real HTTP calls to a running simulator with {@link HttpClient}, plus request builders and SSE parsing. */
public final class SimulatorHttp {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI base;

    public SimulatorHttp(ProviderSimulator simulator) {
        this.base = simulator.baseUrl();
    }

    /** A chat request for {@code model} with one user message. */
    public static ObjectNode chat(String model, String userMessage) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", model);
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "user").put("content", userMessage);
        return body;
    }

    public HttpResponse<String> post(String path, String body) {
        return post(path, body, "sk-test");
    }

    public HttpResponse<String> post(String path, Object body) {
        return post(path, body instanceof String text ? text : JSON.writeValueAsString(body), "sk-test");
    }

    public HttpResponse<String> post(String path, String body, String apiKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        return send(request.build());
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET().build());
    }

    public HttpResponse<String> delete(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).DELETE().build());
    }

    /** A streamed request, read line by line as the frames arrive. */
    public HttpResponse<java.util.stream.Stream<String>> postStreaming(String path, Object body) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer sk-test")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    /**
     * The payloads of an event stream's {@code data:} frames, in order, checking the framing on the way: every frame
     * is a single {@code data: } line followed by a blank line, no {@code event:} lines.
     */
    public static List<String> dataFrames(String stream) {
        List<String> frames = new ArrayList<>();
        String[] blocks = stream.split("\n\n", -1);
        for (int i = 0; i < blocks.length; i++) {
            String block = blocks[i];
            if (block.isEmpty() && i == blocks.length - 1) {
                break;
            }
            if (!block.startsWith("data: ") || block.contains("\n")) {
                throw new AssertionError("not a single data line frame: '" + block + "' in:\n" + stream);
            }
            frames.add(block.substring("data: ".length()));
        }
        if (!stream.endsWith("\n\n")) {
            throw new AssertionError("stream does not end with a blank line:\n" + stream);
        }
        return frames;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
