package dev.llmpool.simulator.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmpool.simulator.anthropic.wire.MessagesRequest;
import dev.llmpool.simulator.generation.DeterministicGenerator;
import dev.llmpool.simulator.generation.Generation;
import dev.llmpool.simulator.generation.OutputFormat;
import dev.llmpool.simulator.generation.PromptMessage;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class AnthropicMapperTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final AnthropicMapper mapper = new AnthropicMapper(JSON);

    @Test
    void readsSystemMessagesAndLimits() {
        MessagesCall call = call("""
                {"model":"claude-sonnet-4-5","max_tokens":7,"system":"Be brief.","stream":true,
                 "temperature":0.2,"top_p":0.9,"top_k":5,"stop_sequences":["\\n\\nHuman:"],
                 "messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"},
                   {"role":"user","content":[{"type":"text","text":"More"},{"type":"image","source":{}},
                     {"type":"text","text":"please"}]}]}
                """);

        assertThat(call.stream()).isTrue();
        assertThat(call.generation().model()).isEqualTo("claude-sonnet-4-5");
        assertThat(call.generation().maxTokens()).isEqualTo(7);
        assertThat(call.generation().choices()).isEqualTo(1);
        assertThat(call.generation().stopSequences()).containsExactly("\n\nHuman:");
        assertThat(call.generation().format()).isEqualTo(OutputFormat.TEXT);
        assertThat(call.generation().prompt().messages()).containsExactly(new PromptMessage("system", "Be brief."),
                new PromptMessage("user", "Hi"), new PromptMessage("assistant", "Hello"),
                new PromptMessage("user", "More\nplease"));
    }

    @Test
    void systemBlocksToolUseAndToolResultsBecomeText() {
        MessagesCall call = call("""
                {"model":"m","max_tokens":10,"system":[{"type":"text","text":"One"},{"type":"text","text":"Two"}],
                 "messages":[{"role":"user","content":"Weather?"},
                   {"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"get_weather",
                      "input":{"city":"Oslo"}}]},
                   {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1",
                      "content":[{"type":"text","text":"Rain [sim:tokens=3]"}]}]}]}
                """);

        assertThat(call.generation().prompt().messages().getFirst()).isEqualTo(new PromptMessage("system", "One\nTwo"));
        assertThat(call.generation().prompt().messages().get(2).text()).isEqualTo("{\"city\":\"Oslo\"}");
        assertThat(call.generation().prompt().lastUserText()).isEqualTo("Rain");
        assertThat(call.generation().prompt().directives().tokens()).isEqualTo(3);
    }

    @Test
    void toolChoiceForcesTools() {
        String tools = "\"tools\":[{\"name\":\"first\",\"input_schema\":{\"type\":\"object\"}},"
                + "{\"name\":\"second\",\"input_schema\":{\"type\":\"object\"}}]";

        assertThat(tool(tools + ",\"tool_choice\":{\"type\":\"any\"}")).isEqualTo("first");
        assertThat(tool(tools + ",\"tool_choice\":{\"type\":\"tool\",\"name\":\"second\"}")).isEqualTo("second");
        assertThat(tool(tools + ",\"tool_choice\":{\"type\":\"auto\"}")).isNull();
        assertThat(tool(tools + ",\"tool_choice\":{\"type\":\"none\"}")).isNull();
        assertThat(tool(tools)).isNull();
    }

    @Test
    void outputConfigAsksForJsonFollowingTheSchema() {
        MessagesCall call = call("{\"model\":\"m\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"output_config\":{\"format\":{\"type\":\"json_schema\",\"schema\":{\"type\":\"object\","
                + "\"properties\":{\"n\":{\"type\":\"integer\"}}}}}}");

        assertThat(call.generation().format().kind()).isEqualTo(OutputFormat.Kind.JSON_SCHEMA);
    }

    @Test
    void rejectsInvalidRequestsWithAnthropicMessages() {
        assertInvalid(() -> call("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":5}"),
                "model: Field required");
        assertInvalid(() -> call("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"),
                "max_tokens: Field required");
        assertInvalid(() -> call(user(",\"max_tokens\":0")), "max_tokens: Input should be greater than or equal to 1");
        assertInvalid(() -> call("{\"model\":\"m\",\"max_tokens\":5}"), "messages: Field required");
        assertInvalid(() -> call("{\"model\":\"m\",\"max_tokens\":5,\"messages\":[]}"),
                "messages: at least one message is required");
        assertInvalid(() -> call("{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"system\",\"content\":\"x\"}]}"),
                "messages: Unexpected role \"system\"");
        assertInvalid(() -> call("{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"bot\",\"content\":\"x\"}]}"),
                "messages.0.role: Input should be 'user' or 'assistant'");
        assertInvalid(() -> call("{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\"}]}"),
                "messages.0.content: Field required");
        assertInvalid(() -> call(user(",\"max_tokens\":5,\"temperature\":1.5")),
                "temperature: Input should be less than or equal to 1");
        assertInvalid(() -> call(user(",\"max_tokens\":5,\"tools\":[{\"name\":\"t\"}]")),
                "tools.0.custom.input_schema: Field required");
        assertInvalid(() -> call(user(",\"max_tokens\":5,\"tool_choice\":{\"type\":\"sometimes\"}")),
                "tool_choice.type");
        assertInvalid(() -> call("{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"[sim:bogus]\"}]}"), "messages: unknown simulator directive");
    }

    @Test
    void theMissingModelIsA404() {
        assertThatThrownBy(() -> call("{\"model\":\"does-not-exist\",\"max_tokens\":5,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"))
                .isInstanceOfSatisfying(AnthropicException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.type()).isEqualTo("not_found_error");
                    assertThat(e.getMessage()).isEqualTo("model: does-not-exist");
                });
    }

    @Test
    void theVersionHeaderIsRequiredAndChecked() {
        AnthropicMapper.checkVersion("2023-06-01");
        AnthropicMapper.checkVersion("2026-10-21");
        assertInvalid(() -> AnthropicMapper.checkVersion(null), "anthropic-version: header is required");
        assertInvalid(() -> AnthropicMapper.checkVersion("latest"), "anthropic-version: invalid version");
        assertInvalid(() -> AnthropicMapper.checkVersion("2022-12-31"), "anthropic-version: invalid version");
    }

    @Test
    void messageHasTheFieldsAnthropicAlwaysSends() {
        JsonNode message = JSON.valueToTree(mapper.toMessage("msg_01x", "m", generate(user(",\"max_tokens\":100"))));

        assertThat(message.path("type").stringValue()).isEqualTo("message");
        assertThat(message.path("role").stringValue()).isEqualTo("assistant");
        assertThat(message.path("stop_reason").stringValue()).isEqualTo("end_turn");
        assertThat(message.has("stop_sequence")).isTrue();
        assertThat(message.path("stop_sequence").isNull()).isTrue();
        assertThat(message.has("stop_details")).isFalse();
        assertThat(message.path("content")).hasSize(1);
        assertThat(message.path("content").get(0).propertyNames()).containsExactly("type", "text");
        JsonNode usage = message.path("usage");
        assertThat(usage.path("output_tokens").intValue()).isEqualTo(16);
        assertThat(usage.path("input_tokens").intValue()).isPositive();
        assertThat(usage.path("cache_read_input_tokens").intValue()).isZero();
        assertThat(usage.path("service_tier").stringValue()).isEqualTo("standard");
    }

    @Test
    void stopReasonsMapToAnthropicWords() {
        assertThat(stopReason(",\"max_tokens\":3")).isEqualTo("max_tokens");
        assertThat(stopReason(",\"max_tokens\":30,\"tools\":[{\"name\":\"get_weather\",\"input_schema\":{}}],"
                + "\"tool_choice\":{\"type\":\"any\"}")).isEqualTo("tool_use");
        assertThat(JSON.valueToTree(mapper.toMessage("msg_01x", "m", generate(
                "{\"model\":\"m\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"x [sim:refuse]\"}]}")))
                .path("stop_details").path("type").stringValue()).isEqualTo("refusal");
        assertThat(JSON.valueToTree(mapper.toMessage("msg_01x", "m", generate(
                "{\"model\":\"m\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"x [sim:refuse]\"}]}")))
                .path("stop_reason").stringValue()).isEqualTo("refusal");
    }

    @Test
    void toolUseBlocksCarryTheInputAsAnObjectAndADirectCaller() {
        JsonNode block = JSON.valueToTree(mapper.toMessage("msg_01x", "m", generate(user(",\"max_tokens\":30,"
                + "\"tools\":[{\"name\":\"get_weather\",\"input_schema\":{}}],\"tool_choice\":{\"type\":\"any\"}"))))
                .path("content").get(0);

        assertThat(block.path("type").stringValue()).isEqualTo("tool_use");
        assertThat(block.path("id").stringValue()).startsWith("toolu_01").hasSize(30);
        assertThat(block.path("name").stringValue()).isEqualTo("get_weather");
        assertThat(block.path("input").path("city").isString()).isTrue();
        assertThat(block.path("caller").path("type").stringValue()).isEqualTo("direct");
    }

    @Test
    void streamEventsHaveTheirShapes() {
        Generation generation = generate(user(",\"max_tokens\":100"));
        var completion = generation.completions().getFirst();

        JsonNode start = JSON.valueToTree(mapper.messageStart("msg_01x", "m", generation));
        assertThat(start.path("message").path("content").isEmpty()).isTrue();
        assertThat(start.path("message").has("stop_reason")).isTrue();
        assertThat(start.path("message").path("stop_reason").isNull()).isTrue();
        assertThat(start.path("message").path("usage").path("output_tokens").intValue()).isEqualTo(1);
        assertThat(JSON.valueToTree(mapper.blockStart(completion)).toString())
                .isEqualTo("{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
        assertThat(JSON.valueToTree(mapper.blockDelta(completion, 0)).path("delta").path("type").stringValue())
                .isEqualTo("text_delta");
        assertThat(JSON.valueToTree(mapper.blockStop()).toString())
                .isEqualTo("{\"type\":\"content_block_stop\",\"index\":0}");
        JsonNode delta = JSON.valueToTree(mapper.messageDelta(generation));
        assertThat(delta.path("delta").toString()).isEqualTo("{\"stop_reason\":\"end_turn\",\"stop_sequence\":null}");
        assertThat(delta.path("usage").path("output_tokens").intValue()).isEqualTo(16);
        assertThat(JSON.valueToTree(mapper.messageStop()).toString()).isEqualTo("{\"type\":\"message_stop\"}");
        assertThat(JSON.valueToTree(mapper.ping()).toString()).isEqualTo("{\"type\":\"ping\"}");
        assertThat(JSON.valueToTree(AnthropicMapper.streamError()).toString())
                .isEqualTo("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");
    }

    private String stopReason(String extra) {
        return AnthropicMapper.stopReason(generate(user(extra)).completions().getFirst());
    }

    private String tool(String extra) {
        return call(user(",\"max_tokens\":5," + extra)).generation().tool();
    }

    private static String user(String extra) {
        return "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]" + extra + "}";
    }

    private MessagesCall call(String json) {
        return mapper.toCall(JSON.readValue(json, MessagesRequest.class));
    }

    private Generation generate(String json) {
        return new DeterministicGenerator(JSON).generate(call(json).generation(), 16, 0);
    }

    private static void assertInvalid(ThrowingCallable call, String messageStart) {
        assertThatThrownBy(call).isInstanceOfSatisfying(AnthropicException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.type()).isEqualTo("invalid_request_error");
            assertThat(e.getMessage()).startsWith(messageStart);
        });
    }
}
