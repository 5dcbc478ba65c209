package dev.llmpool.workers.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import dev.llmpool.workers.provider.anthropic.AnthropicApi;
import dev.llmpool.schemas.anthropic.MessagesRequest;
import dev.llmpool.workers.provider.errors.ErrorText;
import dev.llmpool.workers.provider.gemini.GeminiApi;
import dev.llmpool.workers.provider.gemini.wire.GenerateContentRequest;
import dev.llmpool.workers.provider.http.CallBudget;
import dev.llmpool.workers.provider.http.CallLimits;
import dev.llmpool.workers.provider.openai.OpenAiApi;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.io.JsonStringEncoder;

/**
 * No part of the configured key (8 characters or more) survives in any error message a provider call gives, however
 * long or oddly shaped the key and wherever the provider echoed it: the key is masked before the message is cut.
 * Each provider's wire client is called over HTTP against a server that echoes the key in every kind of failure.
 */
class KeyMaskingTest {

    private static final JsonCodec CODEC = new JsonCodec();
    private static final CallBudget BUDGET = CallBudget.of(CallLimits.DEFAULTS);
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    /** Where the key starts in the echoed message: at once, after OpenAI's own words, across the cut, past it. */
    private static final List<Integer> PLACES = List.of(0, 28, 470, 495, 499, 520);

    private HttpServer server;
    private volatile Answer next;

    private record Answer(int status, String contentType, String body) {
    }

    static Stream<Arguments> keys() {
        Map<String, String> keys = Map.of(
                "OpenAI project key longer than the cut", "sk-proj-" + noise(600, 1),
                "Anthropic key", "sk-ant-api03-" + noise(95, 2) + "-" + noise(6, 3) + "AA",
                "Gemini key", "AIza" + noise(35, 4),
                "613-character local key", noise(613, 5),
                "local key with regex metacharacters", "a.b*c+d?e^f$g(h)i[j]k{l}m|n\\o\"p/" + noise(40, 6),
                "local key whose tail looks like a provider key", "my-very-long-local-prefix-sk-" + noise(30, 7));
        List<Arguments> cases = new ArrayList<>();
        for (String type : List.of("openai", "anthropic", "gemini")) {
            keys.forEach((name, key) -> cases.add(Arguments.of(type, name, key)));
        }
        return cases.stream();
    }

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            Answer answer = next;
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", answer.contentType());
            exchange.sendResponseHeaders(answer.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("keys")
    void noPartOfTheKeySurvivesInAnyErrorMessage(String type, String name, String key) throws Exception {
        try (Client client = client(type, key)) {
            for (int place : PLACES) {
                String echo = "x".repeat(place) + key + " was rejected";
                expectMasked(key, new Answer(errorStatus(type), "application/json", errorBody(type, echo)),
                        client.call());
                expectMasked(key, new Answer(502, "text/html", "<html>" + echo + "</html>"), client.call());
                expectMasked(key, new Answer(200, "application/json", "<html>" + echo), client.call());
                expectMasked(key, new Answer(200, "text/event-stream", streamError(type, echo)), client.stream());
                expectMasked(key, new Answer(200, "text/event-stream", "data: {\"broken\": \"" + echo + "\n\n"),
                        client.stream());
                expectMasked(key, new Answer(200, "text/event-stream", "data: {\"broken\": \""
                        + new String(JsonStringEncoder.getInstance().quoteAsCharArray(echo)) + "\n\n"),
                        client.stream());
            }
        }
    }

    private void expectMasked(String key, Answer answer, ThrowingCall call) {
        next = answer;
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ProviderException.class, e -> {
            String message = e.error().message();
            assertThat(message).hasSizeLessThanOrEqualTo(ErrorText.MAX_LENGTH + 1);
            for (int start = 0; start + 8 <= key.length(); start++) {
                assertThat(message).as("answer %s", answer).doesNotContain(key.substring(start, start + 8));
            }
            assertThat(e.getMessage()).doesNotContain(key.substring(0, 8));
        });
    }

    private static int errorStatus(String type) {
        return "gemini".equals(type) ? 400 : 401;
    }

    private static String errorBody(String type, String message) {
        Object body = switch (type) {
            case "openai" -> Map.of("error", Map.of("message", message, "type", "invalid_request_error",
                    "code", "invalid_api_key"));
            case "anthropic" -> Map.of("type", "error", "error", Map.of("type", "authentication_error",
                    "message", message));
            default -> Map.of("error", Map.of("code", 400, "message", message, "status", "INVALID_ARGUMENT",
                    "details", List.of(Map.of("@type", "type.googleapis.com/google.rpc.ErrorInfo",
                            "reason", "API_KEY_INVALID"))));
        };
        return CODEC.toJson(body);
    }

    private static String streamError(String type, String message) {
        return switch (type) {
            case "openai" -> "data: " + CODEC.toJson(Map.of("error", Map.of("message", message,
                    "type", "server_error"))) + "\n\n";
            case "anthropic" -> "event: error\ndata: " + CODEC.toJson(Map.of("type", "error",
                    "error", Map.of("type", "overloaded_error", "message", message))) + "\n\n";
            default -> "data: " + CODEC.toJson(Map.of("error", Map.of("code", 503, "message", message,
                    "status", "UNAVAILABLE"))) + "\n\n";
        };
    }

    private Client client(String type, String key) {
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        ProviderProperties.Endpoint endpoint = new ProviderProperties.Endpoint(type, base, key,
                Duration.ofSeconds(5));
        Clock clock = Clock.systemUTC();
        return switch (type) {
            case "openai" -> {
                OpenAiApi api = new OpenAiApi(type, endpoint, CODEC, clock);
                ChatCompletionRequest body = CODEC.fromJson(
                        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                        ChatCompletionRequest.class);
                yield new Client(() -> api.chatCompletion(body, BUDGET),
                        () -> api.streamChatCompletion(body, BUDGET, chunk -> { }), api);
            }
            case "anthropic" -> {
                AnthropicApi api = new AnthropicApi(type, endpoint, CODEC, clock);
                MessagesRequest body = CODEC.fromJson("{\"model\":\"m\",\"max_tokens\":8,\"messages\":[{\"role\":"
                        + "\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}]}", MessagesRequest.class);
                yield new Client(() -> api.messages(body, BUDGET),
                        () -> api.streamMessages(body, BUDGET, event -> { }), api);
            }
            default -> {
                GeminiApi api = new GeminiApi(type, endpoint, CODEC, clock);
                GenerateContentRequest body = CODEC.fromJson(
                        "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}",
                        GenerateContentRequest.class);
                yield new Client(() -> api.generateContent("m", body, BUDGET),
                        () -> api.streamGenerateContent("m", body, BUDGET, chunk -> { }), api);
            }
        };
    }

    /** Letters, digits, '-' and '_' in a fixed order per seed, as random as a key looks. */
    private static String noise(int length, int seed) {
        StringBuilder text = new StringBuilder(length);
        long state = seed * 7_919L;
        for (int i = 0; i < length; i++) {
            state = state * 6_364_136_223_846_793_005L + 1_442_695_040_888_963_407L;
            text.append(ALPHABET.charAt((int) ((state >>> 33) % ALPHABET.length())));
        }
        return text.toString();
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run();
    }

    /** One provider's plain and streamed call. */
    private record Client(ThrowingCall call, ThrowingCall stream, AutoCloseable api) implements AutoCloseable {

        @Override
        public void close() throws Exception {
            api.close();
        }
    }
}
