package dev.llmpool.simulator.openai;

import static dev.llmpool.simulator.support.SimulatorHttp.chat;
import static dev.llmpool.simulator.support.SimulatorHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.simulator.ProviderSimulator;
import dev.llmpool.simulator.SimulatorSettings;
import dev.llmpool.simulator.support.SimulatorHttp;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class OpenAiErrorsIT {

    private static final String PATH = "/v1/chat/completions";

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

    @Test
    void malformedJsonIsA400() {
        HttpResponse<String> response = http.post(PATH, "{\"model\": \"gpt-4o-mini\", \"messages\": [");

        assertError(response, 400, "invalid_request_error", "invalid_json");
        assertThat(response.headers().firstValue("x-ratelimit-limit-requests")).isPresent();
    }

    @Test
    void wrongJsonTypesAre400sNamingTheParameter() {
        JsonNode error = assertError(http.post(PATH, "{\"model\":\"gpt-4o-mini\",\"messages\":\"hi\"}"), 400,
                "invalid_request_error", "invalid_type");
        assertThat(error.path("param").stringValue()).isEqualTo("messages");

        JsonNode nested = assertError(http.post(PATH,
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stream_options\":[1]}"),
                400, "invalid_request_error", "invalid_type");
        assertThat(nested.path("param").stringValue()).isEqualTo("stream_options");
    }

    @Test
    void emptyBodyIsA400() {
        assertError(http.post(PATH, ""), 400, "invalid_request_error", "invalid_json");
    }

    @Test
    void missingMessagesIsA400NamingTheParameter() {
        HttpResponse<String> response = http.post(PATH, "{\"model\":\"gpt-4o-mini\"}");

        JsonNode error = assertError(response, 400, "invalid_request_error", "missing_required_parameter");
        assertThat(error.path("param").stringValue()).isEqualTo("messages");
    }

    @Test
    void anyKeyWorksButSkInvalid() {
        String body = SimulatorHttp.JSON.writeValueAsString(chat("gpt-4o-mini", "hi"));

        assertThat(http.post(PATH, body, null).statusCode()).isEqualTo(200);
        assertThat(http.post(PATH, body, "whatever").statusCode()).isEqualTo(200);
        assertError(http.post(PATH, body, "sk-invalid"), 401, "invalid_request_error", "invalid_api_key");
    }

    @Test
    void theModelDoesNotExistIsA404() {
        JsonNode error = assertError(http.post(PATH, chat("does-not-exist", "hi")), 404, "invalid_request_error",
                "model_not_found");

        assertThat(error.path("message").stringValue()).contains("does-not-exist");
    }

    @Test
    void statusDirectivesForceErrors() {
        assertError(http.post(PATH, chat("gpt-4o-mini", "[sim:status=400] hi")), 400, "invalid_request_error",
                "invalid_request");
        assertError(http.post(PATH, chat("gpt-4o-mini", "[sim:status=500] hi")), 500, "server_error", "server_error");
        assertError(http.post(PATH, chat("gpt-4o-mini", "[sim:status=503] hi")), 503, "server_error",
                "service_unavailable");
    }

    @Test
    void badDirectivesAre400s() {
        JsonNode error = assertError(http.post(PATH, chat("gpt-4o-mini", "hi [sim:stauts=500]")), 400,
                "invalid_request_error", "invalid_value");

        assertThat(error.path("message").stringValue()).contains("stauts");
    }

    @Test
    void a429CarriesRetryAfterAndEmptyRateLimitHeaders() {
        HttpResponse<String> response = http.post(PATH, chat("gpt-4o-mini", "[sim:status=429] hi"));

        JsonNode error = assertError(response, 429, "requests", "rate_limit_exceeded");
        assertThat(error.has("param")).isTrue();
        assertThat(error.path("param").isNull()).isTrue();
        assertThat(response.headers().firstValue("retry-after")).hasValue("1");
        assertThat(response.headers().firstValue("retry-after-ms")).hasValue("1000");
        assertThat(response.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("0");
        assertThat(response.headers().firstValue("x-ratelimit-remaining-tokens")).hasValue("0");
        assertThat(response.headers().firstValue("x-ratelimit-reset-requests")).hasValue("1s");
        assertThat(response.headers().firstValue("x-ratelimit-limit-requests")).hasValue("30000");
    }

    @Test
    void injectedErrorRatesApplyLive() {
        simulator.updateSettings(simulator.settings().withErrorRate(1.0));
        assertError(http.post(PATH, chat("gpt-4o-mini", "hi")), 500, "server_error", "server_error");

        simulator.updateSettings(simulator.settings().withErrorRate(0).withRateLimitErrorRate(1.0));
        HttpResponse<String> limited = http.post(PATH, chat("gpt-4o-mini", "hi"));
        assertError(limited, 429, "requests", "rate_limit_exceeded");
        assertThat(limited.headers().firstValue("retry-after-ms")).isPresent();

        simulator.updateSettings(simulator.settings().withRateLimitErrorRate(0));
        assertThat(http.post(PATH, chat("gpt-4o-mini", "hi")).statusCode()).isEqualTo(200);
    }

    @Test
    void nonStreamedStreamErrorDirectiveIsA500() {
        assertError(http.post(PATH, chat("gpt-4o-mini", "hi [sim:stream_error_after=2]")), 500, "server_error",
                "server_error");
    }

    @Test
    void unknownUrlsAndMethodsAnswerInOpenAiShape() {
        assertError(http.post("/v1/embeddingz", "{}"), 404, "invalid_request_error", "unknown_url");
        assertError(http.post("/v1/chat/completions/extra", "{}"), 404, "invalid_request_error", "unknown_url");
        assertError(http.get(PATH), 405, "invalid_request_error", "method_not_allowed");
        assertThat(http.get("/nothing-here").statusCode()).isEqualTo(404);
    }

    @Test
    void errorsAreCountedByStatus() {
        simulator.resetStats();

        http.post(PATH, chat("gpt-4o-mini", "[sim:status=429] a"));
        http.post(PATH, chat("gpt-4o-mini", "[sim:status=500] b"));
        http.post(PATH, chat("gpt-4o-mini", "[sim:status=500] c"));
        http.post(PATH, chat("gpt-4o-mini", "fine"));

        var stats = simulator.stats();
        assertThat(stats.requests()).isEqualTo(4);
        assertThat(stats.completed()).isEqualTo(1);
        assertThat(stats.rateLimited()).isEqualTo(1);
        assertThat(stats.errors(500)).isEqualTo(2);
        assertThat(stats.errors(429)).isEqualTo(1);
        assertThat(stats.errors()).isEqualTo(3);
    }

    private static JsonNode assertError(HttpResponse<String> response, int status, String type, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode body = json(response);
        assertThat(body.propertyNames()).containsExactly("error");
        JsonNode error = body.path("error");
        assertThat(error.propertyNames()).containsExactly("message", "type", "param", "code");
        assertThat(error.path("message").stringValue()).isNotBlank();
        assertThat(error.path("type").stringValue()).isEqualTo(type);
        assertThat(error.path("code").stringValue()).isEqualTo(code);
        return error;
    }
}
