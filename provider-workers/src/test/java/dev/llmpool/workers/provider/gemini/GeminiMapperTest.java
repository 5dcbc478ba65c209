package dev.llmpool.workers.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.envelope.Priority;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import dev.llmpool.schemas.openai.ToolCall;
import dev.llmpool.workers.provider.ProviderException;
import dev.llmpool.workers.provider.gemini.wire.GenerateContentResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class GeminiMapperTest {

    private static final JsonCodec CODEC = new JsonCodec();

    @Test
    void systemMessagesBecomeTheSystemInstructionAndAssistantTurnsAreModelTurns() {
        JsonNode body = translate("""
                {"model":"fast","messages":[
                  {"role":"system","content":"You are terse."},
                  {"role":"developer","content":"Answer in French."},
                  {"role":"user","content":"Bonjour"},
                  {"role":"assistant","content":"Salut"},
                  {"role":"user","content":[{"type":"text","text":"Encore"},
                    {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}},
                    {"type":"input_audio","input_audio":{"data":"UklGRg==","format":"wav"}}]}],
                 "temperature":1.4,"top_p":0.9,"max_completion_tokens":64,"stop":["END","STOP"],"n":2,"seed":7,
                 "presence_penalty":0.5,"frequency_penalty":-0.5,"top_k":40,"user":"user-42"}""", "gemini-2.5-flash");

        assertThat(body.get("systemInstruction").toString())
                .isEqualTo("{\"parts\":[{\"text\":\"You are terse.\"},{\"text\":\"Answer in French.\"}]}");
        JsonNode contents = body.get("contents");
        assertThat(contents).hasSize(3);
        assertThat(contents.get(0).toString()).isEqualTo("{\"role\":\"user\",\"parts\":[{\"text\":\"Bonjour\"}]}");
        assertThat(contents.get(1).get("role").asString()).isEqualTo("model");
        assertThat(contents.get(2).get("parts").get(1).toString())
                .isEqualTo("{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"iVBORw0KGgo=\"}}");
        assertThat(contents.get(2).get("parts").get(2).get("inlineData").get("mimeType").asString())
                .isEqualTo("audio/wav");
        assertThat(body.get("generationConfig").toString()).isEqualTo("{\"temperature\":1.4,\"topP\":0.9,\"topK\":40,"
                + "\"candidateCount\":2,\"maxOutputTokens\":64,\"stopSequences\":[\"END\",\"STOP\"],\"seed\":7,"
                + "\"presencePenalty\":0.5,\"frequencyPenalty\":-0.5}");
        assertThat(body.has("tools")).isFalse();
        assertThat(body.has("toolConfig")).isFalse();
    }

    @Test
    void aBareRequestSendsNoGenerationConfig() {
        JsonNode body = translate("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "gemini-2.5-flash");
        assertThat(body.toString()).isEqualTo("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}");
    }

    @Test
    void toolCallsAndToolResultsBecomeFunctionCallsAndResponsesNamedAfterTheirCall() {
        JsonNode body = translate("""
                {"messages":[
                  {"role":"user","content":"Weather in Paris and London?"},
                  {"role":"assistant","content":null,"tool_calls":[
                    {"id":"call_a","type":"function",
                     "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
                    {"id":"call_b","type":"function","function":{"name":"get_time","arguments":"{}"}}]},
                  {"role":"tool","tool_call_id":"call_a","content":"{\\"temp\\":21}"},
                  {"role":"tool","tool_call_id":"call_b","content":"noon"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather for a city",
                   "parameters":{"type":"object","properties":{"city":{"type":"string"}},
                     "additionalProperties":false}}},
                   {"type":"function","function":{"name":"get_time"}}],
                 "tool_choice":{"type":"function","function":{"name":"get_weather"}}}""", "gemini-2.5-flash");

        JsonNode contents = body.get("contents");
        assertThat(contents).hasSize(3);
        assertThat(contents.get(1).toString()).isEqualTo("{\"role\":\"model\",\"parts\":["
                + "{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"Paris\"}}},"
                + "{\"functionCall\":{\"name\":\"get_time\",\"args\":{}}}]}");
        assertThat(contents.get(2).toString()).isEqualTo("{\"role\":\"user\",\"parts\":["
                + "{\"functionResponse\":{\"name\":\"get_weather\",\"response\":{\"temp\":21}}},"
                + "{\"functionResponse\":{\"name\":\"get_time\",\"response\":{\"content\":\"noon\"}}}]}");
        assertThat(body.get("tools").toString()).isEqualTo("[{\"functionDeclarations\":[{\"name\":\"get_weather\","
                + "\"description\":\"Weather for a city\",\"parametersJsonSchema\":{\"type\":\"object\",\"properties\":"
                + "{\"city\":{\"type\":\"string\"}},\"additionalProperties\":false}},{\"name\":\"get_time\"}]}]");
        assertThat(body.get("toolConfig").toString()).isEqualTo(
                "{\"functionCallingConfig\":{\"mode\":\"ANY\",\"allowedFunctionNames\":[\"get_weather\"]}}");
    }

    @Test
    void aThoughtSignatureInTheToolCallIdGoesBackWithItsCall() {
        String id = "call_x_0_0" + GeminiToolCallIds.SEPARATOR + "EtYDCtMDAXLI2nz-Pq_3k0";
        JsonNode body = translate("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\","
                + "\"tool_calls\":[{\"id\":\"" + id + "\",\"type\":\"function\",\"function\":{\"name\":\"f\","
                + "\"arguments\":\"{}\"}}]},{\"role\":\"tool\",\"tool_call_id\":\"" + id + "\",\"content\":\"ok\"}]}",
                "gemini-3-pro-preview");
        JsonNode call = body.get("contents").get(1).get("parts").get(0);
        assertThat(call.get("thoughtSignature").asString()).isEqualTo("EtYDCtMDAXLI2nz+Pq/3k0==");
        assertThat(body.get("contents").get(2).get("parts").get(0).get("functionResponse").get("name").asString())
                .isEqualTo("f");
    }

    @Test
    void aReplayedCallWithoutSignatureGetsTheSkipMarkerOnlyWhereRequired() {
        String messages = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\","
                + "\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"f\","
                + "\"arguments\":\"{}\"}},{\"id\":\"call_2\",\"type\":\"function\",\"function\":{\"name\":\"g\","
                + "\"arguments\":\"{}\"}}]}]}";
        JsonNode gemini3 = translate(messages, "gemini-3-flash-preview").get("contents").get(1).get("parts");
        assertThat(gemini3.get(0).get("thoughtSignature").asString()).isEqualTo("skip_thought_signature_validator");
        assertThat(gemini3.get(1).has("thoughtSignature")).as("only a step's first call carries one").isFalse();
        JsonNode gemini25 = translate(messages, "gemini-2.5-flash").get("contents").get(1).get("parts");
        assertThat(gemini25.get(0).has("thoughtSignature")).isFalse();
    }

    @ParameterizedTest(name = "tool_choice {0} → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "\"none\"|false|{\"functionCallingConfig\":{\"mode\":\"NONE\"}}",
        "\"auto\"|false|{\"functionCallingConfig\":{\"mode\":\"AUTO\"}}",
        "\"required\"|false|{\"functionCallingConfig\":{\"mode\":\"ANY\"}}",
        "\"auto\"|true|{\"functionCallingConfig\":{\"mode\":\"VALIDATED\"}}",
        "null|true|{\"functionCallingConfig\":{\"mode\":\"VALIDATED\"}}"})
    void toolChoicesMap(String choice, boolean strict, String expected) {
        JsonNode body = translate("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tools\":[{\"type\":"
                + "\"function\",\"function\":{\"name\":\"f\",\"strict\":" + strict + "}}],\"tool_choice\":" + choice
                + "}", "gemini-2.5-flash");
        assertThat(body.get("toolConfig").toString()).isEqualTo(expected);
    }

    @Test
    void jsonModeAndSchemaAreTheResponseMimeTypeAndJsonSchema() {
        JsonNode object = translate("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"response_format\":"
                + "{\"type\":\"json_object\"}}", "gemini-2.5-flash");
        assertThat(object.get("generationConfig").toString()).isEqualTo("{\"responseMimeType\":\"application/json\"}");
        JsonNode schema = translate("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"response_format\":"
                + "{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\",\"schema\":{\"type\":\"object\"}}}}",
                "gemini-2.5-flash");
        assertThat(schema.get("generationConfig").toString()).isEqualTo(
                "{\"responseMimeType\":\"application/json\",\"responseJsonSchema\":{\"type\":\"object\"}}");
    }

    @Test
    void logprobsAreResponseLogprobsWithTheTopCount() {
        JsonNode body = translate("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"logprobs\":true,"
                + "\"top_logprobs\":3}", "gemini-2.5-flash");
        assertThat(body.get("generationConfig").toString()).isEqualTo("{\"responseLogprobs\":true,\"logprobs\":3}");
    }

    @ParameterizedTest(name = "{0} is rejected")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "\"logit_bias\":{\"50256\":-100}|logit_bias",
        "\"parallel_tool_calls\":false|parallel_tool_calls: false (Gemini may always call functions in parallel)",
        "\"reasoning_effort\":\"low\"|reasoning_effort (thinking budgets are not mapped)",
        "\"verbosity\":\"low\"|verbosity",
        "\"audio\":{\"voice\":\"alloy\",\"format\":\"wav\"}|audio output",
        "\"modalities\":[\"audio\"]|output modalities other than text",
        "\"prediction\":{\"type\":\"content\",\"content\":\"x\"}|predicted outputs (prediction)",
        "\"web_search_options\":{}|web_search_options",
        "\"functions\":[{\"name\":\"f\"}]|legacy functions (use tools)",
        "\"function_call\":\"none\"|legacy function_call (use tool_choice)",
        "\"tools\":[{\"type\":\"custom\",\"custom\":{\"name\":\"x\"}}]|tools of type 'custom' (function tools are)",
        "\"tool_choice\":{\"type\":\"allowed_tools\",\"allowed_tools\":{}}|tool_choice of type 'allowed_tools'",
        "\"frobnicate\":1|the request field 'frobnicate'"})
    void whatGeminiCannotDoIsRejectedAsUnsupported(String field, String what) {
        assertThatThrownBy(() -> translate("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]," + field + "}",
                "gemini-2.5-flash"))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.error().errorClass()).isEqualTo(ErrorClass.UNSUPPORTED);
                    assertThat(e.error().message()).isEqualTo("Gemini does not support " + what);
                });
    }

    @ParameterizedTest(name = "{0} is rejected")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/cat.jpg\"}}"
                + "|image URLs other than data: URLs (Gemini takes images inline)",
        "{\"type\":\"file\",\"file\":{\"file_id\":\"file-abc\"}}|file ids (send file_data)"})
    void contentGeminiCannotReadIsRejected(String part, String what) {
        assertThatThrownBy(() -> translate("{\"messages\":[{\"role\":\"user\",\"content\":[" + part + "]}]}",
                "gemini-2.5-flash"))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.error().message()).isEqualTo("Gemini does not support " + what));
    }

    @Test
    void aToolResultForNoKnownCallIsABadRequest() {
        assertThatThrownBy(() -> translate("{\"messages\":[{\"role\":\"tool\",\"tool_call_id\":\"call_zz\","
                + "\"content\":\"x\"}]}", "gemini-2.5-flash"))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.error().errorClass()).isEqualTo(ErrorClass.BAD_REQUEST));
    }

    @Test
    void aTextAnswerCountsThoughtsAsCompletionTokensAndDropsAnUnaskedAverage() {
        ChatCompletion completion = GeminiMapper.toCompletion(response("response-text.json"), 1_700_000_000L);
        assertThat(completion.id()).isEqualTo("mwMfaYKRGI2dz7IPzPjX0Qc");
        assertThat(completion.model()).isEqualTo("gemini-2.5-flash");
        assertThat(completion.created()).isEqualTo(1_700_000_000L);
        assertThat(completion.firstMessage().text()).isEqualTo("Hello! How can I help you today?");
        assertThat(completion.firstFinishReason()).isEqualTo("stop");
        assertThat(completion.choices().getFirst().logprobs()).isNull();
        assertThat(completion.usage().promptTokens()).isEqualTo(8);
        assertThat(completion.usage().completionTokens()).isEqualTo(37);
        assertThat(completion.usage().totalTokens()).isEqualTo(45);
    }

    @Test
    void functionCallsAreToolCallsWhoseIdsCarryTheThoughtSignature() {
        ChatCompletion completion = GeminiMapper.toCompletion(response("response-function-call.json"), 0);
        assertThat(completion.firstFinishReason()).isEqualTo("tool_calls");
        assertThat(completion.firstMessage().content()).isNull();
        assertThat(completion.firstMessage().toolCalls()).extracting(ToolCall::id).containsExactly(
                "call_8x4faZ7xKcmVz7IP4dHd8Ac_0_0__thought__CiQB0e2Kb-Q1x_7Vd3wT8dLmZ2k0Yw",
                "call_8x4faZ7xKcmVz7IP4dHd8Ac_0_1");
        assertThat(completion.firstMessage().toolCalls().get(1).function().arguments())
                .isEqualTo("{\"city\":\"London\"}");
        assertThat(GeminiToolCallIds.signature(completion.firstMessage().toolCalls().getFirst().id()))
                .isEqualTo("CiQB0e2Kb+Q1x/7Vd3wT8dLmZ2k0Yw==");
    }

    @Test
    void aSafetyBlockIsAContentFilterWithARefusalNamingTheCategory() {
        ChatCompletion completion = GeminiMapper.toCompletion(response("response-safety.json"), 0);
        assertThat(completion.firstFinishReason()).isEqualTo("content_filter");
        assertThat(completion.firstMessage().content()).isNull();
        assertThat(completion.firstMessage().refusal())
                .isEqualTo("Gemini blocked the answer (SAFETY, HARM_CATEGORY_DANGEROUS_CONTENT)");
        assertThat(completion.usage().completionTokens()).isZero();
    }

    @Test
    void aBlockedPromptIsOneContentFilterChoice() {
        ChatCompletion completion = GeminiMapper.toCompletion(response("response-prompt-blocked.json"), 0);
        assertThat(completion.choices()).singleElement().satisfies(choice -> {
            assertThat(choice.finishReason()).isEqualTo("content_filter");
            assertThat(choice.message().refusal()).isEqualTo("Gemini blocked the prompt (PROHIBITED_CONTENT).");
        });
    }

    @Test
    void logprobsBecomeOpenAiLogprobsWithTheAverageAndEveryCandidateIsAChoice() {
        ChatCompletion completion = GeminiMapper.toCompletion(response("response-logprobs.json"), 0);
        assertThat(completion.choices()).hasSize(2);
        JsonNode logprobs = completion.choices().getFirst().logprobs();
        assertThat(logprobs.get("content")).hasSize(3);
        assertThat(logprobs.get("content").get(1).toString()).isEqualTo("{\"token\":\" is\",\"logprob\":-0.031,"
                + "\"bytes\":[32,105,115],\"top_logprobs\":[{\"token\":\" is\",\"logprob\":-0.031,\"bytes\":[32,105,"
                + "115]},{\"token\":\",\",\"logprob\":-3.62,\"bytes\":[44]}]}");
        assertThat(logprobs.get("refusal").isNull()).isTrue();
        assertThat(logprobs.get("avg_logprobs").asDouble()).isEqualTo(-0.1146);
        assertThat(completion.choices().get(1).finishReason()).isEqualTo("length");
        assertThat(completion.choices().get(1).message().text()).isEqualTo("Paris!");
    }

    @ParameterizedTest(name = "{0} → {2}")
    @CsvSource({"STOP, false, stop", "STOP, true, tool_calls", "MAX_TOKENS, false, length",
        "SAFETY, false, content_filter", "RECITATION, false, content_filter",
        "PROHIBITED_CONTENT, false, content_filter",
        "SPII, false, content_filter", "BLOCKLIST, false, content_filter", "OTHER, false, stop",
        "MALFORMED_FUNCTION_CALL, false, stop"})
    void finishReasonsMap(String reason, boolean calls, String expected) {
        assertThat(GeminiMapper.finishReason(reason, calls)).isEqualTo(expected);
    }

    private static JsonNode translate(String json, String model) {
        return CODEC.tree(GeminiMapper.toRequest(request(json, model)));
    }

    static AttemptRequest request(String bodyJson, String model) {
        ChatCompletionRequest body = CODEC.fromJson(bodyJson, ChatCompletionRequest.class);
        return AttemptRequest.builder().attemptId("job-1:1").correlationId("job-1").attempt(1).provider("gemini")
                .model("fast").upstreamModel(model).priority(Priority.INTERACTIVE)
                .createdAt(Instant.parse("2026-11-21T10:00:00Z")).body(body).build();
    }

    private static GenerateContentResponse response(String name) {
        return CODEC.fromJson(fixture(name), GenerateContentResponse.class);
    }

    static String fixture(String name) {
        try (InputStream in = GeminiMapperTest.class.getResourceAsStream("/fixtures/gemini/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
