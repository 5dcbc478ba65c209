package dev.llmpool.simulator.anthropic;

import static dev.llmpool.simulator.support.SimulatorHttp.JSON;
import static dev.llmpool.simulator.support.SimulatorHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.simulator.ProviderSimulator;
import dev.llmpool.simulator.SimulatorSettings;
import dev.llmpool.simulator.support.SimulatorHttp;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code POST /v1/messages} over real HTTP: answers, headers and every error shape. */
class AnthropicMessagesIT {

    static final String PATH = "/v1/messages";
    static final Map<String, String> HEADERS = Map.of("x-api-key", "sk-test", "anthropic-version", "2023-06-01");

    private static ProviderSimulator simulator;
    private static SimulatorHttp http;

    @BeforeAll
    static void start() {
        simulator = ProviderSimulator.start(SimulatorSettings.defaults());
        http = new SimulatorHttp(simulator);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @AfterEach
    void restoreDefaults() {
        simulator.updateSettings(SimulatorSettings.defaults());
    }

    /** A Messages request for {@code model} with one user message and {@code max_tokens}. */
    static ObjectNode message(String model, String user, int maxTokens) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", model);
        body.put("max_tokens", maxTokens);
        body.putArray("messages").addObject().put("role", "user").put("content", user);
        return body;
    }

    @Test
    void answersWithAMessageUsageAndHeaders() {
        ObjectNode request = message("claude-sonnet-4-5", "Tell me about rivers", 1024);
        request.put("system", "Be brief.");

        HttpResponse<String> response = http.postWithHeaders(PATH, request, HEADERS);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.headers().firstValue("request-id")).hasValueSatisfying(
                id -> assertThat(id).startsWith("req_011C").hasSize(28));
        assertThat(response.headers().firstValue("anthropic-ratelimit-requests-limit")).hasValue("30000");
        assertThat(response.headers().firstValue("anthropic-ratelimit-requests-reset")).hasValueSatisfying(
                reset -> assertThat(Instant.parse(reset)).isAfter(Instant.now().minusSeconds(60)));
        assertThat(response.headers().firstValue("anthropic-ratelimit-input-tokens-remaining")).isPresent();
        assertThat(response.headers().firstValue("anthropic-ratelimit-output-tokens-limit")).isPresent();
        assertThat(response.headers().firstValue("anthropic-ratelimit-tokens-remaining")).isPresent();
        assertThat(response.headers().firstValue("retry-after")).isEmpty();

        JsonNode message = json(response);
        assertThat(message.path("id").stringValue()).startsWith("msg_01").hasSize(28);
        assertThat(message.path("type").stringValue()).isEqualTo("message");
        assertThat(message.path("role").stringValue()).isEqualTo("assistant");
        assertThat(message.path("model").stringValue()).isEqualTo("claude-sonnet-4-5");
        assertThat(message.path("content").get(0).path("type").stringValue()).isEqualTo("text");
        assertThat(message.path("content").get(0).path("text").stringValue()).isNotBlank();
        assertThat(message.path("stop_reason").stringValue()).isEqualTo("end_turn");
        assertThat(message.path("stop_sequence").isNull()).isTrue();
        assertThat(message.path("usage").path("output_tokens").intValue()).isEqualTo(16);
        assertThat(message.path("usage").path("input_tokens").intValue()).isPositive();
    }

    @Test
    void theSameRequestGetsTheSameText() {
        String first = text(http.postWithHeaders(PATH, message("claude-haiku-4-5", "same question", 100), HEADERS));
        String again = text(http.postWithHeaders(PATH, message("claude-haiku-4-5", "same question", 100), HEADERS));

        assertThat(again).isEqualTo(first);
    }

    @Test
    void maxTokensCutsTheAnswer() {
        JsonNode message = json(http.postWithHeaders(PATH, message("claude-haiku-4-5", "long one", 4), HEADERS));

        assertThat(message.path("stop_reason").stringValue()).isEqualTo("max_tokens");
        assertThat(message.path("usage").path("output_tokens").intValue()).isEqualTo(4);
    }

    @Test
    void stopSequencesCutTheTextAndAreNamed() {
        String full = text(http.postWithHeaders(PATH, message("claude-haiku-4-5", "stop somewhere", 100), HEADERS));
        String stop = full.substring(full.indexOf(' ', 10), full.indexOf(' ', 10) + 4);
        ObjectNode request = message("claude-haiku-4-5", "stop somewhere", 100);
        request.putArray("stop_sequences").add("never-there").add(stop);

        JsonNode message = json(http.postWithHeaders(PATH, request, HEADERS));

        assertThat(message.path("stop_reason").stringValue()).isEqualTo("stop_sequence");
        assertThat(message.path("stop_sequence").stringValue()).isEqualTo(stop);
        assertThat(message.path("content").get(0).path("text").stringValue()).isEqualTo(
                full.substring(0, full.indexOf(stop)));
    }

    @Test
    void toolChoiceAnswersWithAToolUseBlock() {
        ObjectNode request = message("claude-sonnet-4-5", "Weather in Oslo?", 200);
        request.putArray("tools").addObject().put("name", "get_weather").put("description", "Weather")
                .putObject("input_schema").put("type", "object");
        request.putObject("tool_choice").put("type", "tool").put("name", "get_weather");

        JsonNode message = json(http.postWithHeaders(PATH, request, HEADERS));

        assertThat(message.path("stop_reason").stringValue()).isEqualTo("tool_use");
        JsonNode block = message.path("content").get(0);
        assertThat(block.path("type").stringValue()).isEqualTo("tool_use");
        assertThat(block.path("id").stringValue()).startsWith("toolu_01");
        assertThat(block.path("name").stringValue()).isEqualTo("get_weather");
        assertThat(block.path("input").path("city").stringValue()).isNotBlank();
    }

    @Test
    void aToolResultConversationIsAccepted() {
        String body = """
                {"model":"claude-sonnet-4-5","max_tokens":100,"messages":[
                  {"role":"user","content":"Weather in Oslo?"},
                  {"role":"assistant","content":[{"type":"text","text":"Checking."},
                    {"type":"tool_use","id":"toolu_01A","name":"get_weather","input":{"city":"Oslo"}}]},
                  {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01A","content":"Rain, 4 C"}]}]}
                """;

        HttpResponse<String> response = http.postWithHeaders(PATH, body, HEADERS);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("stop_reason").stringValue()).isEqualTo("end_turn");
    }

    @Test
    void refusalsStopWithRefusal() {
        JsonNode message = json(http.postWithHeaders(PATH, message("claude-sonnet-4-5", "bad [sim:refuse]", 100),
                HEADERS));

        assertThat(message.path("stop_reason").stringValue()).isEqualTo("refusal");
        assertThat(message.path("stop_details").path("type").stringValue()).isEqualTo("refusal");
    }

    @Test
    void requestErrorsAreInvalidRequestErrors() {
        ObjectNode noMax = message("claude-sonnet-4-5", "hi", 1);
        noMax.remove("max_tokens");
        assertError(http.postWithHeaders(PATH, noMax, HEADERS), 400, "invalid_request_error",
                "max_tokens: Field required");
        assertError(http.postWithHeaders(PATH, message("claude-sonnet-4-5", "hi", 10),
                Map.of("x-api-key", "sk-test")), 400, "invalid_request_error", "anthropic-version: header is required");
        assertError(http.postWithHeaders(PATH, "{\"model\": ", HEADERS), 400, "invalid_request_error",
                "There was an error parsing the body of your request");
        assertError(http.postWithHeaders(PATH, "{\"model\":\"m\",\"max_tokens\":5,\"messages\":\"hi\"}", HEADERS), 400,
                "invalid_request_error", "messages: ");
    }

    @Test
    void keysAreCheckedLikeAnthropicDoes() {
        assertError(http.postWithHeaders(PATH, message("claude-sonnet-4-5", "hi", 10),
                Map.of("x-api-key", "sk-invalid", "anthropic-version", "2023-06-01")), 401, "authentication_error",
                "invalid x-api-key");
        assertError(http.postWithHeaders(PATH, message("claude-sonnet-4-5", "hi", 10),
                Map.of("anthropic-version", "2023-06-01")), 401, "authentication_error", "x-api-key header is required");
        assertThat(http.postWithHeaders(PATH, message("claude-sonnet-4-5", "hi", 10),
                Map.of("Authorization", "Bearer sk-oauth", "anthropic-version", "2023-06-01")).statusCode())
                .isEqualTo(200);
    }

    @Test
    void unknownModelsAndUrlsAreNotFound() {
        assertError(http.postWithHeaders(PATH, message("does-not-exist", "hi", 10), HEADERS), 404, "not_found_error",
                "model: does-not-exist");
        assertError(http.postWithHeaders(PATH + "/batches", message("m", "hi", 10), HEADERS), 404, "not_found_error",
                "Not Found");
    }

    @Test
    void directiveStatusesBecomeAnthropicErrors() {
        HttpResponse<String> limited = http.postWithHeaders(PATH, message("m", "[sim:status=429] hi", 10), HEADERS);
        assertError(limited, 429, "rate_limit_error", "This request would exceed the rate limit");
        assertThat(limited.headers().firstValue("retry-after")).hasValue("1");
        assertThat(limited.headers().firstValue("anthropic-ratelimit-requests-remaining")).hasValue("0");
        assertThat(limited.headers().firstValue("anthropic-ratelimit-requests-reset")).isPresent();

        HttpResponse<String> overloaded = http.postWithHeaders(PATH, message("m", "[sim:status=529] hi", 10), HEADERS);
        assertError(overloaded, 529, "overloaded_error", "Overloaded");
        assertThat(overloaded.headers().firstValue("anthropic-ratelimit-requests-limit")).isPresent();

        assertError(http.postWithHeaders(PATH, message("m", "[sim:status=500] hi", 10), HEADERS), 500, "api_error",
                "Internal server error");
        assertError(http.postWithHeaders(PATH, message("m", "[sim:status=403] hi", 10), HEADERS), 403,
                "permission_error", "Your API key does not have permission");
        assertError(http.postWithHeaders(PATH, message("m", "[sim:stream_error_after=2] hi", 10), HEADERS), 529,
                "overloaded_error", "Overloaded");
    }

    @Test
    void injectedFaultsUseAnthropicShapes() {
        simulator.updateSettings(SimulatorSettings.defaults().withErrorRate(1.0));
        assertError(http.postWithHeaders(PATH, message("m", "hi", 10), HEADERS), 500, "api_error",
                "Internal server error");

        simulator.updateSettings(SimulatorSettings.defaults().withRateLimitErrorRate(1.0));
        HttpResponse<String> limited = http.postWithHeaders(PATH, message("m", "hi", 10), HEADERS);
        assertError(limited, 429, "rate_limit_error", "This request would exceed the rate limit");
        assertThat(limited.headers().firstValue("retry-after")).hasValue("1");
    }

    @Test
    void statsCountAnthropicRequests() {
        simulator.resetStats();

        http.postWithHeaders(PATH, message("m", "counted", 10), HEADERS);
        http.postWithHeaders(PATH, message("m", "[sim:status=529] counted", 10), HEADERS);

        assertThat(simulator.stats().requests()).isEqualTo(2);
        assertThat(simulator.stats().completed()).isEqualTo(1);
        assertThat(simulator.stats().completionTokens()).isEqualTo(10);
        assertThat(simulator.stats().errors(529)).isEqualTo(1);
    }

    private static String text(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(200);
        return json(response).path("content").get(0).path("text").stringValue();
    }

    static void assertError(HttpResponse<String> response, int status, String type, String messageStart) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("request-id")).isPresent();
        JsonNode body = json(response);
        assertThat(body.path("type").stringValue()).isEqualTo("error");
        assertThat(body.path("error").path("type").stringValue()).isEqualTo(type);
        assertThat(body.path("error").path("message").stringValue()).startsWith(messageStart);
        assertThat(body.path("request_id").stringValue()).isEqualTo(response.headers().firstValue("request-id")
                .orElseThrow());
    }
}
