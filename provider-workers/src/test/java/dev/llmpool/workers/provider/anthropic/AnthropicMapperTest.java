package dev.llmpool.workers.provider.anthropic;

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
import dev.llmpool.schemas.anthropic.MessageResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class AnthropicMapperTest {

    private static final JsonCodec CODEC = new JsonCodec();

    @Test
    void systemMessagesBecomeTheTopLevelSystemAndTurnsKeepTheirOrder() {
        JsonNode body = translate("""
                {"model":"smart","messages":[
                  {"role":"system","content":"You are terse."},
                  {"role":"developer","content":[{"type":"text","text":"Answer in French."}]},
                  {"role":"user","content":"Bonjour"},
                  {"role":"assistant","content":"Salut"},
                  {"role":"user","content":[{"type":"text","text":"Encore"},
                    {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"low"}},
                    {"type":"image_url","image_url":{"url":"https://example.com/cat.jpg"}}]}],
                 "temperature":0.2,"top_p":0.9,"stop":"END","user":"user-42"}""", false, 4096);

        assertThat(body.get("model").asString()).isEqualTo("claude-sonnet-4-5");
        assertThat(body.get("system").asString()).isEqualTo("You are terse.\n\nAnswer in French.");
        assertThat(body.get("max_tokens").asInt()).as("the endpoint's default when the client gave none")
                .isEqualTo(4096);
        assertThat(body.get("temperature").asDouble()).isEqualTo(0.2);
        assertThat(body.get("top_p").asDouble()).isEqualTo(0.9);
        assertThat(body.get("stop_sequences").toString()).isEqualTo("[\"END\"]");
        assertThat(body.get("metadata").get("user_id").asString()).isEqualTo("user-42");
        assertThat(body.has("stream")).isFalse();
        JsonNode messages = body.get("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.get(0).toString()).isEqualTo(
                "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Bonjour\"}]}");
        assertThat(messages.get(1).get("role").asString()).isEqualTo("assistant");
        JsonNode last = messages.get(2).get("content");
        assertThat(last.get(1).toString()).isEqualTo("{\"type\":\"image\",\"source\":{\"type\":\"base64\","
                + "\"media_type\":\"image/png\",\"data\":\"iVBORw0KGgo=\"}}");
        assertThat(last.get(2).toString()).isEqualTo(
                "{\"type\":\"image\",\"source\":{\"type\":\"url\",\"url\":\"https://example.com/cat.jpg\"}}");
    }

    @Test
    void theClientsCapWinsAndStreamingIsAskedFor() {
        JsonNode body = translate("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":100,"
                + "\"max_completion_tokens\":50}", true, 4096);
        assertThat(body.get("max_tokens").asInt()).isEqualTo(50);
        assertThat(body.get("stream").asBoolean()).isTrue();
    }

    @Test
    void toolCallsAndToolResultsBecomeToolUseAndToolResultBlocks() {
        JsonNode body = translate("""
                {"messages":[
                  {"role":"user","content":"Weather in Paris and London?"},
                  {"role":"assistant","content":"Checking.","tool_calls":[
                    {"id":"toolu_01","type":"function",
                     "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
                    {"id":"toolu_02","type":"function","function":{"name":"get_weather","arguments":""}}]},
                  {"role":"tool","tool_call_id":"toolu_01","content":"21C"},
                  {"role":"tool","tool_call_id":"toolu_02","content":[{"type":"text","text":"15C"}]},
                  {"role":"user","content":"Which is warmer?"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather for a city",
                   "parameters":{"type":"object","properties":{"city":{"type":"string"}}},"strict":true}},
                   {"type":"function","function":{"name":"get_time"}}],
                 "tool_choice":{"type":"function","function":{"name":"get_weather"}},
                 "parallel_tool_calls":false}""", false, 1024);

        JsonNode messages = body.get("messages");
        assertThat(messages).hasSize(3);
        JsonNode assistant = messages.get(1).get("content");
        assertThat(assistant.get(0).get("text").asString()).isEqualTo("Checking.");
        assertThat(assistant.get(1).toString()).isEqualTo("{\"type\":\"tool_use\",\"id\":\"toolu_01\",\"name\":"
                + "\"get_weather\",\"input\":{\"city\":\"Paris\"}}");
        assertThat(assistant.get(2).get("input").toString()).isEqualTo("{}");
        JsonNode results = messages.get(2).get("content");
        assertThat(results).as("tool results and the next user text are one user turn, results first").hasSize(3);
        assertThat(results.get(0).toString()).isEqualTo(
                "{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_01\",\"content\":\"21C\"}");
        assertThat(results.get(1).get("content").asString()).isEqualTo("15C");
        assertThat(results.get(2).get("text").asString()).isEqualTo("Which is warmer?");

        JsonNode tools = body.get("tools");
        assertThat(tools.get(0).toString()).isEqualTo("{\"name\":\"get_weather\","
                + "\"description\":\"Weather for a city\",\"input_schema\":{\"type\":\"object\","
                + "\"properties\":{\"city\":{\"type\":\"string\"}}},\"strict\":true}");
        assertThat(tools.get(1).get("input_schema").toString()).isEqualTo("{\"type\":\"object\",\"properties\":{}}");
        assertThat(body.get("tool_choice").toString())
                .isEqualTo("{\"type\":\"tool\",\"name\":\"get_weather\",\"disable_parallel_tool_use\":true}");
    }

    @ParameterizedTest(name = "tool_choice {0} → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "\"none\"|{\"type\":\"none\"}",
        "\"auto\"|{\"type\":\"auto\"}",
        "\"required\"|{\"type\":\"any\"}"})
    void toolChoicesMap(String choice, String expected) {
        JsonNode body = translate("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tools\":[{\"type\":"
                + "\"function\",\"function\":{\"name\":\"f\"}}],\"tool_choice\":" + choice + "}", false, 10);
        assertThat(body.get("tool_choice").toString()).isEqualTo(expected);
    }

    @Test
    void aJsonSchemaResponseFormatIsStructuredOutput() {
        JsonNode body = translate("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"response_format\":"
                + "{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\",\"strict\":true,\"schema\":{\"type\":"
                + "\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},\"additionalProperties\":false}}}}",
                false, 10);
        assertThat(body.get("output_config").toString()).isEqualTo("{\"format\":{\"type\":\"json_schema\","
                + "\"schema\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},"
                + "\"additionalProperties\":false}}}");
    }

    @Test
    void aPdfFileIsADocumentBlock() {
        JsonNode body = translate("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"file\",\"file\":"
                + "{\"filename\":\"a.pdf\",\"file_data\":\"data:application/pdf;base64,JVBERi0=\"}}]}]}", false, 10);
        assertThat(body.get("messages").get(0).get("content").get(0).toString()).isEqualTo("{\"type\":\"document\","
                + "\"source\":{\"type\":\"base64\",\"media_type\":\"application/pdf\",\"data\":\"JVBERi0=\"}}");
    }

    @Test
    void fieldsWithNoEffectOnTheAnswerAreAcceptedAndNotSent() {
        JsonNode body = translate("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\",\"name\":\"ann\"}],"
                + "\"store\":true,\"metadata\":{\"k\":\"v\"},\"service_tier\":\"auto\",\"n\":1,\"logprobs\":false,"
                + "\"presence_penalty\":0,\"logit_bias\":{},\"modalities\":[\"text\"],\"parallel_tool_calls\":true,"
                + "\"stream_options\":{\"include_usage\":true}}", false, 10);
        assertThat(body.has("metadata")).isFalse();
        assertThat(body.has("store")).isFalse();
        assertThat(body.has("tool_choice")).isFalse();
        assertThat(body.get("messages").get(0).has("name")).isFalse();
    }

    @ParameterizedTest(name = "{0} is rejected")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "\"n\":2|n > 1 (one answer per call)",
        "\"logprobs\":true|logprobs",
        "\"top_logprobs\":3|top_logprobs",
        "\"seed\":7|seed",
        "\"presence_penalty\":0.5|presence_penalty",
        "\"frequency_penalty\":-0.5|frequency_penalty",
        "\"temperature\":1.5|temperature above 1 (Anthropic's range is 0 to 1)",
        "\"logit_bias\":{\"50256\":-100}|logit_bias",
        "\"response_format\":{\"type\":\"json_object\"}|response_format json_object (Anthropic has no JSON mode"
                + " without a schema; send response_format json_schema)",
        "\"reasoning_effort\":\"high\"|reasoning_effort (extended thinking is not mapped)",
        "\"verbosity\":\"low\"|verbosity",
        "\"audio\":{\"voice\":\"alloy\",\"format\":\"wav\"}|audio output",
        "\"modalities\":[\"text\",\"audio\"]|output modalities other than text",
        "\"prediction\":{\"type\":\"content\",\"content\":\"x\"}|predicted outputs (prediction)",
        "\"web_search_options\":{}|web_search_options",
        "\"functions\":[{\"name\":\"f\"}]|legacy functions (use tools)",
        "\"function_call\":\"auto\"|legacy function_call (use tool_choice)",
        "\"tools\":[{\"type\":\"custom\",\"custom\":{\"name\":\"x\"}}]|tools of type 'custom' (function tools are)",
        "\"tool_choice\":{\"type\":\"allowed_tools\",\"allowed_tools\":{}}|tool_choice of type 'allowed_tools'",
        "\"frobnicate\":1|the request field 'frobnicate'"})
    void whatAnthropicCannotDoIsRejectedAsUnsupported(String field, String what) {
        assertThatThrownBy(() -> translate("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]," + field + "}",
                false, 10))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.error().errorClass()).isEqualTo(ErrorClass.UNSUPPORTED);
                    assertThat(e.error().errorClass().retriable()).isFalse();
                    assertThat(e.error().message()).isEqualTo("Anthropic does not support " + what);
                });
    }

    @ParameterizedTest(name = "{0} is rejected")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"AAA=\",\"format\":\"wav\"}}|audio input",
        "{\"type\":\"file\",\"file\":{\"file_id\":\"file-abc\"}}|file ids (send file_data)",
        "{\"type\":\"file\",\"file\":{\"file_data\":\"data:text/csv;base64,YQ==\"}}|files of type text/csv (PDF is)",
        "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/tiff;base64,AA==\"}}"
                + "|images of type image/tiff (jpeg, png, gif and webp are)"})
    void contentAnthropicCannotReadIsRejected(String part, String what) {
        assertThatThrownBy(() -> translate("{\"messages\":[{\"role\":\"user\",\"content\":[" + part + "]}]}", false,
                10))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.error().message()).isEqualTo("Anthropic does not support " + what));
    }

    @Test
    void toolCallArgumentsThatAreNotAJsonObjectAreABadRequest() {
        assertThatThrownBy(() -> translate("{\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"t\","
                + "\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"[1,2]\"}}]}]}", false, 10))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.error().errorClass()).isEqualTo(ErrorClass.BAD_REQUEST));
    }

    @Test
    void aTextAnswerMapsWithUsageCountingCachedInput() {
        ChatCompletion completion = AnthropicMapper.toCompletion(message("message-text.json"), 1_700_000_000L);
        assertThat(completion.id()).isEqualTo("msg_01XFDUDYJgAACzvnptvVoYEL");
        assertThat(completion.object()).isEqualTo("chat.completion");
        assertThat(completion.created()).isEqualTo(1_700_000_000L);
        assertThat(completion.model()).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(completion.firstMessage().text()).isEqualTo("Hello! How can I help you today?");
        assertThat(completion.firstFinishReason()).isEqualTo("stop");
        assertThat(completion.usage().promptTokens()).isEqualTo(20);
        assertThat(completion.usage().completionTokens()).isEqualTo(11);
        assertThat(completion.usage().totalTokens()).isEqualTo(31);
    }

    @Test
    void toolUseBlocksBecomeToolCallsBesideTheText() {
        ChatCompletion completion = AnthropicMapper.toCompletion(message("message-tool-use.json"), 0);
        assertThat(completion.firstFinishReason()).isEqualTo("tool_calls");
        assertThat(completion.firstMessage().text()).isEqualTo("I'll check the weather in both cities.");
        assertThat(completion.firstMessage().toolCalls()).extracting(ToolCall::id)
                .containsExactly("toolu_01A09q90qw90lq917835lq9", "toolu_01B7fK2mWq3nZ8xR4tY6uP1");
        assertThat(completion.firstMessage().toolCalls().getFirst().function().arguments())
                .isEqualTo("{\"city\":\"Paris\",\"unit\":\"celsius\"}");
        assertThat(completion.firstMessage().toolCalls().getFirst().type()).isEqualTo("function");
    }

    @Test
    void aRefusalIsAContentFilterWithTheRefusalText() {
        ChatCompletion completion = AnthropicMapper.toCompletion(message("message-refusal.json"), 0);
        assertThat(completion.firstFinishReason()).isEqualTo("content_filter");
        assertThat(completion.firstMessage().refusal()).isEqualTo("I can't help with that request.");
        assertThat(completion.firstMessage().content()).isNull();
    }

    @Test
    void aStopSequenceIsAStop() {
        assertThat(AnthropicMapper.toCompletion(message("message-stop-sequence.json"), 0).firstFinishReason())
                .isEqualTo("stop");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"end_turn, stop", "stop_sequence, stop", "max_tokens, length", "tool_use, tool_calls",
        "refusal, content_filter", "pause_turn, length", "model_context_window_exceeded, length"})
    void stopReasonsMapToFinishReasons(String stopReason, String finishReason) {
        assertThat(AnthropicMapper.finishReason(stopReason)).isEqualTo(finishReason);
    }

    private static JsonNode translate(String json, boolean stream, int defaultMaxTokens) {
        return CODEC.tree(AnthropicMapper.toRequest(request(json), stream, defaultMaxTokens));
    }

    static AttemptRequest request(String bodyJson) {
        ChatCompletionRequest body = CODEC.fromJson(bodyJson, ChatCompletionRequest.class);
        return AttemptRequest.builder().attemptId("job-1:1").correlationId("job-1").attempt(1).provider("anthropic")
                .model("smart").upstreamModel("claude-sonnet-4-5").priority(Priority.INTERACTIVE)
                .createdAt(Instant.parse("2026-11-21T10:00:00Z")).body(body).build();
    }

    private static MessageResponse message(String name) {
        return CODEC.fromJson(fixture(name), MessageResponse.class);
    }

    static String fixture(String name) {
        try (InputStream in = AnthropicMapperTest.class.getResourceAsStream("/fixtures/anthropic/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
