package dev.llmpool.simulator.gemini;

import static dev.llmpool.simulator.support.SimulatorHttp.JSON;
import static dev.llmpool.simulator.support.SimulatorHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.simulator.ProviderSimulator;
import dev.llmpool.simulator.SimulatorSettings;
import dev.llmpool.simulator.support.SimulatorHttp;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code :generateContent} over real HTTP: answers, keys, tools, JSON output and every error shape. */
class GeminiGenerateContentIT {

    static final String MODEL = "gemini-2.0-flash";
    static final String GENERATE = "/v1beta/models/" + MODEL + ":generateContent";
    static final Map<String, String> KEY = Map.of("x-goog-api-key", "sk-test");

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

    /** A request with one user text part. */
    static ObjectNode contents(String user) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("contents").addObject().put("role", "user").putArray("parts").addObject().put("text", user);
        return body;
    }

    @Test
    void answersWithACandidateAndUsage() {
        ObjectNode request = contents("Tell me about rivers");
        request.putObject("systemInstruction").putArray("parts").addObject().put("text", "Be brief.");

        HttpResponse<String> response = http.postWithHeaders(GENERATE, request, KEY);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.headers().firstValue("server-timing")).hasValueSatisfying(
                timing -> assertThat(timing).startsWith("gfet4t7; dur="));
        JsonNode body = json(response);
        JsonNode candidate = body.path("candidates").get(0);
        assertThat(candidate.path("content").path("role").stringValue()).isEqualTo("model");
        assertThat(candidate.path("content").path("parts").get(0).path("text").stringValue()).isNotBlank();
        assertThat(candidate.path("finishReason").stringValue()).isEqualTo("STOP");
        assertThat(candidate.path("index").intValue()).isZero();
        assertThat(body.path("usageMetadata").path("candidatesTokenCount").intValue()).isEqualTo(16);
        assertThat(body.path("usageMetadata").path("totalTokenCount").intValue()).isEqualTo(
                body.path("usageMetadata").path("promptTokenCount").intValue() + 16);
        assertThat(body.path("modelVersion").stringValue()).isEqualTo(MODEL);
        assertThat(body.path("responseId").stringValue()).hasSize(23);
    }

    @Test
    void theKeyMayComeAsAQueryParameter() {
        HttpResponse<String> response = http.postWithHeaders(GENERATE + "?key=sk-test", contents("hi"), Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void candidatesStopSequencesAndMaxTokens() {
        ObjectNode request = contents("options");
        request.putObject("generationConfig").put("candidateCount", 2).put("maxOutputTokens", 5);

        JsonNode body = json(http.postWithHeaders(GENERATE, request, KEY));

        assertThat(body.path("candidates")).hasSize(2);
        assertThat(body.path("candidates").get(1).path("index").intValue()).isEqualTo(1);
        assertThat(body.path("candidates").get(0).path("finishReason").stringValue()).isEqualTo("MAX_TOKENS");
        assertThat(body.path("usageMetadata").path("candidatesTokenCount").intValue()).isEqualTo(10);

        String text = json(http.postWithHeaders(GENERATE, contents("stop somewhere"), KEY)).path("candidates").get(0)
                .path("content").path("parts").get(0).path("text").stringValue();
        String stop = text.substring(text.indexOf(' ', 8), text.indexOf(' ', 8) + 4);
        ObjectNode stopping = contents("stop somewhere");
        stopping.putObject("generationConfig").putArray("stopSequences").add(stop);
        JsonNode stopped = json(http.postWithHeaders(GENERATE, stopping, KEY)).path("candidates").get(0);
        assertThat(stopped.path("finishReason").stringValue()).isEqualTo("STOP");
        assertThat(stopped.path("content").path("parts").get(0).path("text").stringValue())
                .isEqualTo(text.substring(0, text.indexOf(stop)));
    }

    @Test
    void functionCallingAnswersWithAFunctionCallPart() {
        ObjectNode request = contents("Weather in Oslo?");
        request.putArray("tools").addObject().putArray("functionDeclarations").addObject().put("name", "get_weather")
                .putObject("parameters").put("type", "OBJECT");
        request.putObject("toolConfig").putObject("functionCallingConfig").put("mode", "ANY");

        JsonNode candidate = json(http.postWithHeaders(GENERATE, request, KEY)).path("candidates").get(0);

        JsonNode call = candidate.path("content").path("parts").get(0).path("functionCall");
        assertThat(call.path("name").stringValue()).isEqualTo("get_weather");
        assertThat(call.path("args").path("city").stringValue()).isNotBlank();
        assertThat(candidate.path("finishReason").stringValue()).isEqualTo("STOP");
    }

    @Test
    void jsonOutputFollowsTheResponseSchema() {
        ObjectNode request = contents("A person");
        ObjectNode config = request.putObject("generationConfig").put("responseMimeType", "application/json");
        ObjectNode properties = config.putObject("responseSchema").put("type", "OBJECT").putObject("properties");
        properties.putObject("name").put("type", "STRING");
        properties.putObject("age").put("type", "INTEGER");

        String text = json(http.postWithHeaders(GENERATE, request, KEY)).path("candidates").get(0).path("content")
                .path("parts").get(0).path("text").stringValue();

        JsonNode person = JSON.readTree(text);
        assertThat(person.path("name").isString()).isTrue();
        assertThat(person.path("age").isInt()).isTrue();
    }

    @Test
    void logprobsAreReturnedWhenAskedFor() {
        ObjectNode request = contents("probabilities");
        request.putObject("generationConfig").put("responseLogprobs", true).put("logprobs", 2);

        JsonNode candidate = json(http.postWithHeaders(GENERATE, request, KEY)).path("candidates").get(0);

        assertThat(candidate.path("avgLogprobs").doubleValue()).isNegative();
        assertThat(candidate.path("logprobsResult").path("chosenCandidates")).hasSize(16);
    }

    @Test
    void safetyBlocksHaveNoContent() {
        JsonNode candidate = json(http.postWithHeaders(GENERATE, contents("bad [sim:refuse]"), KEY)).path("candidates")
                .get(0);

        assertThat(candidate.has("content")).isFalse();
        assertThat(candidate.path("finishReason").stringValue()).isEqualTo("SAFETY");
    }

    @Test
    void keysAreCheckedLikeGoogleDoes() {
        HttpResponse<String> invalid = http.postWithHeaders(GENERATE, contents("hi"), Map.of("x-goog-api-key",
                "sk-invalid"));
        JsonNode error = assertError(invalid, 400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.");
        assertThat(error.path("details").get(0).path("reason").stringValue()).isEqualTo("API_KEY_INVALID");

        assertError(http.postWithHeaders(GENERATE, contents("hi"), Map.of()), 403, "PERMISSION_DENIED",
                "Method doesn't allow unregistered callers");
    }

    @Test
    void requestErrorsAreInvalidArguments() {
        assertError(http.postWithHeaders(GENERATE, "{\"contents\": [", KEY), 400, "INVALID_ARGUMENT",
                "Invalid JSON payload received.");
        assertError(http.postWithHeaders(GENERATE, "{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}],"
                + "\"generationConfig\":{\"maxTokens\":5}}", KEY), 400, "INVALID_ARGUMENT",
                "Invalid JSON payload received. Unknown name \"maxTokens\" at 'generation_config': Cannot find field.");
        assertError(http.postWithHeaders(GENERATE, "{}", KEY), 400, "INVALID_ARGUMENT",
                "* GenerateContentRequest.contents: contents is not specified");
    }

    @Test
    void unknownModelsAndMethodsAreNotFound() {
        assertError(http.postWithHeaders("/v1beta/models/does-not-exist:generateContent", contents("hi"), KEY), 404,
                "NOT_FOUND", "models/does-not-exist is not found for API version v1beta");
        assertError(http.postWithHeaders("/v1beta/models/" + MODEL + ":predict", contents("hi"), KEY), 404,
                "NOT_FOUND", "Method not found");
    }

    @Test
    void directiveStatusesBecomeGoogleErrors() {
        JsonNode limited = assertError(http.postWithHeaders(GENERATE, contents("[sim:status=429] hi"), KEY), 429,
                "RESOURCE_EXHAUSTED", "You exceeded your current quota");
        assertThat(limited.path("details").findValuesAsString("retryDelay")).containsExactly("1s");

        assertError(http.postWithHeaders(GENERATE, contents("[sim:status=503] hi"), KEY), 503, "UNAVAILABLE",
                "The model is overloaded. Please try again later.");
        assertError(http.postWithHeaders(GENERATE, contents("[sim:status=500] hi"), KEY), 500, "INTERNAL",
                "An internal error has occurred.");
        assertError(http.postWithHeaders(GENERATE, contents("[sim:stream_error_after=1] hi"), KEY), 500, "INTERNAL",
                "An internal error has occurred.");
    }

    @Test
    void injectedFaultsUseGoogleShapes() {
        simulator.updateSettings(SimulatorSettings.defaults().withErrorRate(1.0));
        assertError(http.postWithHeaders(GENERATE, contents("hi"), KEY), 500, "INTERNAL", "An internal error");

        simulator.updateSettings(SimulatorSettings.defaults().withRateLimitErrorRate(1.0));
        JsonNode limited = assertError(http.postWithHeaders(GENERATE, contents("hi"), KEY), 429, "RESOURCE_EXHAUSTED",
                "You exceeded your current quota");
        assertThat(limited.path("details").findValuesAsString("retryDelay")).containsExactly("1s");
    }

    static JsonNode assertError(HttpResponse<String> response, int code, String status, String messageStart) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(code);
        JsonNode error = json(response).path("error");
        assertThat(error.path("code").intValue()).isEqualTo(code);
        assertThat(error.path("status").stringValue()).isEqualTo(status);
        assertThat(error.path("message").stringValue()).startsWith(messageStart);
        return error;
    }
}
