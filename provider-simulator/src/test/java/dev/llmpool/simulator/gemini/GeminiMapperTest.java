package dev.llmpool.simulator.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmpool.simulator.generation.Completion;
import dev.llmpool.simulator.generation.DeterministicGenerator;
import dev.llmpool.simulator.generation.Generation;
import dev.llmpool.simulator.generation.GenerationRequest;
import dev.llmpool.simulator.generation.OutputFormat;
import dev.llmpool.simulator.generation.PromptMessage;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class GeminiMapperTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final GeminiMapper mapper = new GeminiMapper(JSON);

    @Test
    void readsContentsSystemInstructionAndConfig() {
        GenerationRequest request = request("""
                {"systemInstruction":{"parts":[{"text":"Be brief."}]},
                 "contents":[{"role":"user","parts":[{"text":"Hi"}]},{"role":"model","parts":[{"text":"Hello"}]},
                   {"parts":[{"text":"More"},{"inlineData":{"mimeType":"image/png","data":""}},{"text":"please"}]}],
                 "generationConfig":{"temperature":1.5,"topP":0.9,"topK":40,"candidateCount":2,
                   "maxOutputTokens":7,"stopSequences":["END"],"responseLogprobs":true,"logprobs":3}}
                """);

        assertThat(request.prompt().messages()).containsExactly(new PromptMessage("system", "Be brief."),
                new PromptMessage("user", "Hi"), new PromptMessage("model", "Hello"),
                new PromptMessage("user", "More\nplease"));
        assertThat(request.choices()).isEqualTo(2);
        assertThat(request.maxTokens()).isEqualTo(7);
        assertThat(request.stopSequences()).containsExactly("END");
        assertThat(request.logprobs()).isTrue();
        assertThat(request.topLogprobs()).isEqualTo(3);
        assertThat(request.format()).isEqualTo(OutputFormat.TEXT);
    }

    @Test
    void acceptsTheProtoSnakeCaseNames() {
        GenerationRequest request = request("""
                {"system_instruction":{"parts":[{"text":"S"}]},"contents":[{"parts":[{"text":"x"}]}],
                 "generation_config":{"max_output_tokens":4,"response_mime_type":"application/json"}}
                """);

        assertThat(request.maxTokens()).isEqualTo(4);
        assertThat(request.format()).isEqualTo(OutputFormat.JSON_OBJECT);
        assertThat(request.prompt().messages().getFirst().role()).isEqualTo("system");
    }

    @Test
    void functionCallsAndResponsesBecomeText() {
        GenerationRequest request = request("""
                {"contents":[{"role":"user","parts":[{"text":"Weather?"}]},
                  {"role":"model","parts":[{"functionCall":{"name":"get_weather","args":{"city":"Oslo"}}}]},
                  {"role":"user","parts":[{"functionResponse":{"name":"get_weather","response":{"sky":"rain"}}}]}]}
                """);

        assertThat(request.prompt().messages().get(1).text()).isEqualTo("get_weather{\"city\":\"Oslo\"}");
        assertThat(request.prompt().lastUserText()).isEqualTo("get_weather{\"sky\":\"rain\"}");
    }

    @Test
    void aResponseSchemaInGeminiCapitalsIsReadAsJsonSchema() {
        GenerationRequest request = request("""
                {"contents":[{"parts":[{"text":"x"}]}],"generationConfig":{"responseMimeType":"application/json",
                 "responseSchema":{"type":"OBJECT","properties":{"n":{"type":"INTEGER"},
                   "tags":{"type":"ARRAY","items":{"type":"STRING"}}}}}}
                """);

        assertThat(request.format().kind()).isEqualTo(OutputFormat.Kind.JSON_SCHEMA);
        assertThat(request.format().schema().path("properties").path("n").path("type").stringValue())
                .isEqualTo("integer");
        assertThat(request.format().schema().path("properties").path("tags").path("items").path("type").stringValue())
                .isEqualTo("string");
    }

    @Test
    void toolConfigAnyForcesAFunction() {
        String tools = "\"tools\":[{\"functionDeclarations\":[{\"name\":\"first\"},{\"name\":\"second\"}]}]";

        assertThat(tool(tools + ",\"toolConfig\":{\"functionCallingConfig\":{\"mode\":\"ANY\"}}")).isEqualTo("first");
        assertThat(tool(tools + ",\"toolConfig\":{\"functionCallingConfig\":{\"mode\":\"ANY\","
                + "\"allowedFunctionNames\":[\"second\"]}}")).isEqualTo("second");
        assertThat(tool(tools + ",\"toolConfig\":{\"functionCallingConfig\":{\"mode\":\"AUTO\"}}")).isNull();
        assertThat(tool(tools)).isNull();
    }

    @Test
    void unknownFieldNamesAreRejectedAsGoogleDoes() {
        assertThatThrownBy(() -> request("{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}],\"messages\":[]}"))
                .isInstanceOfSatisfying(GeminiException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.status()).isEqualTo("INVALID_ARGUMENT");
                    assertThat(e.getMessage()).isEqualTo(
                            "Invalid JSON payload received. Unknown name \"messages\": Cannot find field.");
                    assertThat(JSON.valueToTree(e.body()).path("details").get(0).path("@type").stringValue())
                            .isEqualTo("type.googleapis.com/google.rpc.BadRequest");
                });
        assertInvalid(() -> request("{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}],"
                + "\"generationConfig\":{\"max_tokens\":5}}"),
                "Invalid JSON payload received. Unknown name \"max_tokens\" at 'generation_config': Cannot find field.");
    }

    @Test
    void rejectsInvalidRequestsWithGoogleMessages() {
        assertInvalid(() -> request("{}"), "* GenerateContentRequest.contents: contents is not specified");
        assertInvalid(() -> request("{\"contents\":[{\"role\":\"user\",\"parts\":[]}]}"),
                "* GenerateContentRequest.contents[0].parts: contents.parts must not be empty.");
        assertInvalid(() -> request("{\"contents\":[{\"role\":\"assistant\",\"parts\":[{\"text\":\"x\"}]}]}"),
                "Please use a valid role: user, model.");
        assertInvalid(() -> request("not json"), "Invalid JSON payload received.");
        assertInvalid(() -> request(config("\"temperature\":2.5")), "* GenerateContentRequest.generation_config.temperature");
        assertInvalid(() -> request(config("\"candidateCount\":9")),
                "* GenerateContentRequest.generation_config.candidate_count");
        assertInvalid(() -> request(config("\"logprobs\":2")), "* GenerateContentRequest.generation_config.logprobs");
        assertInvalid(() -> request(config("\"responseMimeType\":\"text/csv\"")), "* GenerateContentRequest."
                + "generation_config.response_mime_type: allowed mimetypes are `text/plain`, `application/json`");
        assertInvalid(() -> request(config("\"responseSchema\":{\"type\":\"OBJECT\"}")),
                "* GenerateContentRequest.generation_config.response_mime_type");
        assertInvalid(() -> request(config("\"temperature\":\"hot\"")),
                "Invalid JSON payload received. Invalid value at 'generationConfig.temperature'");
        assertInvalid(() -> request("{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}],"
                + "\"tools\":[{\"functionDeclarations\":[{\"description\":\"no name\"}]}]}"),
                "* GenerateContentRequest.tools[0].function_declarations[0].name: Name cannot be empty.");
        assertInvalid(() -> request("{\"contents\":[{\"parts\":[{\"text\":\"[sim:bogus]\"}]}]}"),
                "unknown simulator directive");
    }

    @Test
    void theMissingModelIsA404() {
        assertThatThrownBy(() -> GeminiMapper.checkModel("does-not-exist"))
                .isInstanceOfSatisfying(GeminiException.class, e -> {
                    assertThat(e.code()).isEqualTo(404);
                    assertThat(e.status()).isEqualTo("NOT_FOUND");
                    assertThat(e.getMessage()).startsWith("models/does-not-exist is not found for API version v1beta");
                });
    }

    @Test
    void responseHasCandidatesUsageAndIds() {
        JsonNode response = JSON.valueToTree(mapper.toResponse("resp-1", "gemini-2.0-flash",
                generate("{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}]}")));

        JsonNode candidate = response.path("candidates").get(0);
        assertThat(candidate.path("content").path("role").stringValue()).isEqualTo("model");
        assertThat(candidate.path("content").path("parts").get(0).path("text").stringValue()).isNotBlank();
        assertThat(candidate.path("finishReason").stringValue()).isEqualTo("STOP");
        assertThat(candidate.path("index").intValue()).isZero();
        assertThat(candidate.has("avgLogprobs")).isFalse();
        assertThat(candidate.has("safetyRatings")).isFalse();
        JsonNode usage = response.path("usageMetadata");
        assertThat(usage.path("candidatesTokenCount").intValue()).isEqualTo(16);
        assertThat(usage.path("totalTokenCount").intValue())
                .isEqualTo(usage.path("promptTokenCount").intValue() + 16);
        assertThat(usage.path("promptTokensDetails").get(0).path("modality").stringValue()).isEqualTo("TEXT");
        assertThat(response.path("modelVersion").stringValue()).isEqualTo("gemini-2.0-flash");
        assertThat(response.path("responseId").stringValue()).isEqualTo("resp-1");
    }

    @Test
    void finishReasonsFunctionCallsRefusalsAndLogprobs() {
        assertThat(candidate(config("\"maxOutputTokens\":3")).path("finishReason").stringValue()).isEqualTo("MAX_TOKENS");

        JsonNode call = candidate("{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}],\"tools\":[{\"functionDeclarations\":"
                + "[{\"name\":\"get_weather\"}]}],\"toolConfig\":{\"functionCallingConfig\":{\"mode\":\"ANY\"}}}");
        assertThat(call.path("finishReason").stringValue()).isEqualTo("STOP");
        assertThat(call.path("content").path("parts").get(0).path("functionCall").path("name").stringValue())
                .isEqualTo("get_weather");
        assertThat(call.path("content").path("parts").get(0).path("functionCall").path("args").path("city").isString())
                .isTrue();

        JsonNode refused = JSON.valueToTree(mapper.toResponse("r", "m",
                generate("{\"contents\":[{\"parts\":[{\"text\":\"x [sim:refuse]\"}]}]}")));
        assertThat(refused.path("candidates").get(0).has("content")).isFalse();
        assertThat(refused.path("candidates").get(0).path("finishReason").stringValue()).isEqualTo("SAFETY");
        assertThat(refused.path("candidates").get(0).path("safetyRatings").findValues("blocked")).hasSize(1);
        assertThat(refused.path("usageMetadata").has("candidatesTokenCount")).isFalse();

        JsonNode logprobs = candidate(config("\"responseLogprobs\":true,\"logprobs\":2"));
        assertThat(logprobs.path("avgLogprobs").doubleValue()).isNegative();
        assertThat(logprobs.path("logprobsResult").path("chosenCandidates")).hasSize(16);
        assertThat(logprobs.path("logprobsResult").path("topCandidates").get(0).path("candidates")).hasSize(2);
    }

    @Test
    void streamStepsCarryOnePieceAndTheLastTheFinishReason() {
        Generation generation = generate(config("\"maxOutputTokens\":3"));
        Completion completion = generation.completions().getFirst();

        assertThat(GeminiMapper.steps(completion)).isEqualTo(3);
        JsonNode first = JSON.valueToTree(mapper.stepCandidate(completion, 0));
        JsonNode last = JSON.valueToTree(mapper.stepCandidate(completion, 2));
        assertThat(first.path("content").path("parts").get(0).path("text").stringValue())
                .isEqualTo(completion.pieces().getFirst());
        assertThat(first.has("finishReason")).isFalse();
        assertThat(last.path("finishReason").stringValue()).isEqualTo("MAX_TOKENS");
        assertThat(mapper.stepCandidate(completion, 3)).isNull();
    }

    @Test
    void errorsCarryGoogleDetails() {
        JsonNode quota = JSON.valueToTree(GeminiErrors.quotaExceeded(5, java.time.Duration.ofMillis(1500),
                "gemini-2.0-flash").body());
        assertThat(quota.path("code").intValue()).isEqualTo(429);
        assertThat(quota.path("status").stringValue()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(quota.path("message").stringValue()).contains("limit: 5, model: gemini-2.0-flash")
                .endsWith("Please retry in 1.500s.");
        assertThat(quota.path("details").findValuesAsString("@type")).containsExactly(
                "type.googleapis.com/google.rpc.QuotaFailure", "type.googleapis.com/google.rpc.Help",
                "type.googleapis.com/google.rpc.RetryInfo");
        assertThat(quota.path("details").get(2).path("retryDelay").stringValue()).isEqualTo("1.500s");

        JsonNode key = JSON.valueToTree(GeminiErrors.invalidApiKey().body());
        assertThat(key.path("code").intValue()).isEqualTo(400);
        assertThat(key.path("details").get(0).path("reason").stringValue()).isEqualTo("API_KEY_INVALID");

        JsonNode overloaded = JSON.valueToTree(GeminiErrors.forStatus(503, 5, java.time.Duration.ofSeconds(1), "m")
                .body());
        assertThat(overloaded.path("status").stringValue()).isEqualTo("UNAVAILABLE");
        assertThat(overloaded.has("details")).isFalse();
    }

    private JsonNode candidate(String json) {
        return JSON.valueToTree(mapper.toResponse("r", "m", generate(json))).path("candidates").get(0);
    }

    private String tool(String extra) {
        return request("{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}]," + extra + "}").tool();
    }

    private static String config(String fields) {
        return "{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}],\"generationConfig\":{" + fields + "}}";
    }

    private GenerationRequest request(String json) {
        return mapper.toGeneration("gemini-2.0-flash", mapper.read(json.getBytes(StandardCharsets.UTF_8)));
    }

    private Generation generate(String json) {
        return new DeterministicGenerator(JSON).generate(request(json), 16, 0);
    }

    private static void assertInvalid(ThrowingCallable call, String messageStart) {
        assertThatThrownBy(call).isInstanceOfSatisfying(GeminiException.class, e -> {
            assertThat(e.code()).isEqualTo(400);
            assertThat(e.status()).isEqualTo("INVALID_ARGUMENT");
            assertThat(e.getMessage()).startsWith(messageStart);
        });
    }
}
