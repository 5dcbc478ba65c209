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
import java.util.Map;
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

    /** A POST with exactly these headers (no default key): for formats that authenticate otherwise. */
    public HttpResponse<String> postWithHeaders(String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return send(request.build());
    }

    /** A POST with these headers, the body as JSON. */
    public HttpResponse<String> postWithHeaders(String path, Object body, Map<String, String> headers) {
        return postWithHeaders(path, body instanceof String text ? text : JSON.writeValueAsString(body), headers);
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

    /**
     * The events of an {@code event: <type>\ndata: <json>\n\n} stream (Anthropic's), in order, checking the
     * framing on the way: every frame is exactly one {@code event:} line and one {@code data:} line.
     */
    public static List<SseEvent> namedEvents(String stream) {
        List<SseEvent> events = new ArrayList<>();
        String[] blocks = stream.split("\n\n", -1);
        for (int i = 0; i < blocks.length; i++) {
            String block = blocks[i];
            if (block.isEmpty() && i == blocks.length - 1) {
                break;
            }
            String[] lines = block.split("\n", -1);
            if (lines.length != 2 || !lines[0].startsWith("event: ") || !lines[1].startsWith("data: ")) {
                throw new AssertionError("not an event + data frame: '" + block + "' in:\n" + stream);
            }
            events.add(new SseEvent(lines[0].substring("event: ".length()), JSON.readTree(lines[1].substring(6))));
        }
        if (!stream.endsWith("\n\n")) {
            throw new AssertionError("stream does not end with a blank line:\n" + stream);
        }
        return events;
    }

    /**
     * The payloads of a stream of {@code data: <json>\r\n\r\n} frames (Google's), in order, checking that every
     * line ends with CRLF and that there is no {@code [DONE]}.
     */
    public static List<JsonNode> crlfDataFrames(String stream) {
        if (!stream.endsWith("\r\n\r\n")) {
            throw new AssertionError("stream does not end with CRLF CRLF:\n" + stream);
        }
        List<JsonNode> frames = new ArrayList<>();
        for (String block : stream.substring(0, stream.length() - 4).split("\r\n\r\n", -1)) {
            if (!block.startsWith("data: ") || block.contains("\n") || block.contains("\r")) {
                throw new AssertionError("not a single CRLF data line frame: '" + block + "' in:\n" + stream);
            }
            frames.add(JSON.readTree(block.substring("data: ".length())));
        }
        return frames;
    }

    /** One named server-sent event. */
    public record SseEvent(String event, JsonNode data) {
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
