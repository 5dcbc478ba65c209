package dev.llmpool.simulator.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmpool.simulator.generation.DeterministicGenerator;
import dev.llmpool.simulator.generation.Generation;
import dev.llmpool.simulator.generation.OutputFormat;
import dev.llmpool.simulator.openai.wire.ChatCompletionRequest;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class OpenAiMapperTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final OpenAiMapper mapper = new OpenAiMapper();

    @Test
    void readsAPlainRequest() {
        ChatCall call = call("""
                {"model":"gpt-4o-mini","messages":[{"role":"system","content":"Be brief."},
                  {"role":"user","content":[{"type":"text","text":"Hi"},{"type":"image_url","image_url":{"url":"x"}},
                  {"type":"text","text":"there"}]}]}
                """);

        assertThat(call.stream()).isFalse();
        assertThat(call.includeUsage()).isFalse();
        assertThat(call.generation().choices()).isEqualTo(1);
        assertThat(call.generation().maxTokens()).isZero();
        assertThat(call.generation().format()).isEqualTo(OutputFormat.TEXT);
        assertThat(call.generation().prompt().lastUserText()).isEqualTo("Hi\nthere");
    }

    @Test
    void readsStreamingChoicesCapsAndLogprobs() {
        ChatCall call = call("""
                {"model":"m","messages":[{"role":"user","content":"x"}],"stream":true,
                  "stream_options":{"include_usage":true},"n":3,"max_tokens":50,"max_completion_tokens":7,
                  "logprobs":true,"top_logprobs":2,"response_format":{"type":"json_object"}}
                """);

        assertThat(call.stream()).isTrue();
        assertThat(call.includeUsage()).isTrue();
        assertThat(call.generation().choices()).isEqualTo(3);
        assertThat(call.generation().maxTokens()).isEqualTo(7);
        assertThat(call.generation().logprobs()).isTrue();
        assertThat(call.generation().topLogprobs()).isEqualTo(2);
        assertThat(call.generation().format()).isEqualTo(OutputFormat.JSON_OBJECT);
    }

    @Test
    void toolChoiceForcesTools() {
        String tools = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"first\"}},"
                + "{\"type\":\"function\",\"function\":{\"name\":\"second\"}}]";

        assertThat(tool("{" + tools + ",\"tool_choice\":\"required\"")).isEqualTo("first");
        assertThat(tool("{" + tools + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"second\"}}"))
                .isEqualTo("second");
        assertThat(tool("{" + tools + ",\"tool_choice\":\"auto\"")).isNull();
        assertThat(tool("{" + tools)).isNull();
    }

    @Test
    void stopIsAStringOrUpToFourStrings() {
        assertThat(call(user(",\"stop\":\"END\"")).generation().stopSequences()).containsExactly("END");
        assertThat(call(user(",\"stop\":[\"a\",\"b\"]")).generation().stopSequences()).containsExactly("a", "b");
        assertThat(call(user("")).generation().stopSequences()).isEmpty();
        assertError(() -> call(user(",\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]")), 400, "invalid_value", "stop");
        assertError(() -> call(user(",\"stop\":5")), 400, "invalid_type", "stop");
    }

    @Test
    void rejectsInvalidRequestsWithOpenAiCodes() {
        assertError(() -> call("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), 400,
                "missing_required_parameter", "model");
        assertError(() -> call("{\"model\":\"m\"}"), 400, "missing_required_parameter", "messages");
        assertError(() -> call("{\"model\":\"m\",\"messages\":[]}"), 400, "empty_array", "messages");
        assertError(() -> call("{\"model\":\"m\",\"messages\":[{\"content\":\"x\"}]}"), 400,
                "missing_required_parameter", "messages[0].role");
        assertError(() -> call("{\"model\":\"m\",\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]}"), 400,
                "invalid_value", "messages[0].role");
        assertError(() -> call("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":5}]}"), 400,
                "invalid_value", "messages[0].content");
        assertError(() -> call(user(",\"n\":0")), 400, "integer_below_min_value", "n");
        assertError(() -> call(user(",\"n\":129")), 400, "integer_above_max_value", "n");
        assertError(() -> call(user(",\"max_tokens\":0")), 400, "integer_below_min_value", "max_tokens");
        assertError(() -> call(user(",\"top_logprobs\":2")), 400, "invalid_value", "top_logprobs");
        assertError(() -> call(user(",\"logprobs\":true,\"top_logprobs\":21")), 400, "integer_above_max_value",
                "top_logprobs");
        assertError(() -> call(user(",\"stream_options\":{\"include_usage\":true}")), 400, "invalid_value",
                "stream_options");
        assertError(() -> call(user(",\"response_format\":{\"type\":\"yaml\"}")), 400, "invalid_value",
                "response_format.type");
        assertError(() -> call(user(",\"tool_choice\":\"required\"")), 400, "invalid_value", "tool_choice");
        assertError(() -> call("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"[sim:bogus]\"}]}"), 400,
                "invalid_value", "messages");
    }

    @Test
    void theMissingModelIsA404() {
        assertError(() -> call("{\"model\":\"does-not-exist\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"),
                404, "model_not_found", null);
    }

    @Test
    void completionHasTheFieldsOpenAiAlwaysSends() {
        JsonNode completion = JSON.valueToTree(mapper.toCompletion(meta(), generate(user(""))));

        assertThat(completion.path("object").stringValue()).isEqualTo("chat.completion");
        assertThat(completion.path("system_fingerprint").stringValue()).isEqualTo("fp_sim");
        JsonNode choice = completion.path("choices").get(0);
        assertThat(choice.has("logprobs")).isTrue();
        assertThat(choice.path("logprobs").isNull()).isTrue();
        assertThat(choice.path("finish_reason").stringValue()).isEqualTo("stop");
        JsonNode message = choice.path("message");
        assertThat(message.path("role").stringValue()).isEqualTo("assistant");
        assertThat(message.has("refusal")).isTrue();
        assertThat(message.path("refusal").isNull()).isTrue();
        assertThat(message.has("tool_calls")).isFalse();
        assertThat(completion.path("usage").path("total_tokens").intValue())
                .isEqualTo(completion.path("usage").path("prompt_tokens").intValue()
                        + completion.path("usage").path("completion_tokens").intValue());
    }

    @Test
    void chunkUsageIsAbsentNullOrSet() {
        Generation generation = generate(user(""));

        JsonNode without = JSON.valueToTree(mapper.roleChunk(meta(), 0, false));
        JsonNode with = JSON.valueToTree(mapper.roleChunk(meta(), 0, true));
        JsonNode usage = JSON.valueToTree(mapper.usageChunk(meta(), generation));

        assertThat(without.has("usage")).isFalse();
        assertThat(with.has("usage")).isTrue();
        assertThat(with.path("usage").isNull()).isTrue();
        assertThat(usage.path("choices").isEmpty()).isTrue();
        assertThat(usage.path("usage").path("completion_tokens").intValue()).isEqualTo(16);
    }

    @Test
    void roleChunkStartsWithAnEmptyAssistantContent() {
        JsonNode chunk = JSON.valueToTree(mapper.roleChunk(meta(), 0, false));

        assertThat(chunk.path("object").stringValue()).isEqualTo("chat.completion.chunk");
        JsonNode choice = chunk.path("choices").get(0);
        assertThat(choice.path("delta").toString()).isEqualTo("{\"role\":\"assistant\",\"content\":\"\"}");
        assertThat(choice.has("finish_reason")).isTrue();
        assertThat(choice.path("finish_reason").isNull()).isTrue();
    }

    private String tool(String bodyStart) {
        return call(bodyStart + ",\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")
                .generation().tool();
    }

    private static String user(String extra) {
        return "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]" + extra + "}";
    }

    private ChatCall call(String json) {
        return mapper.toCall(JSON.readValue(json, ChatCompletionRequest.class));
    }

    private Generation generate(String json) {
        return new DeterministicGenerator(JSON).generate(call(json).generation(), 16, 0);
    }

    private static CompletionMeta meta() {
        return new CompletionMeta("chatcmpl-test", 1_700_000_000L, "m");
    }

    private static void assertError(ThrowingCallable call, int status, String code, String param) {
        assertThatThrownBy(call).isInstanceOfSatisfying(OpenAiException.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.body().code()).isEqualTo(code);
            assertThat(e.body().param()).isEqualTo(param);
            assertThat(e.body().type()).isEqualTo("invalid_request_error");
            assertThat(e.body().message()).isNotBlank();
        });
    }
}
