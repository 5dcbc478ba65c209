package dev.llmpool.gateway.responses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmpool.gateway.error.ApiException;
import dev.llmpool.gateway.openai.ChunkTranslator;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.ChatCompletionChunk;
import dev.llmpool.schemas.openai.ChatMessage;
import dev.llmpool.schemas.openai.ToolCall;
import dev.llmpool.schemas.openai.Usage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

class ResponsesTranslationTest {

    private final JsonCodec codec = new JsonCodec();
    private final ResponsesRequestReader reader = new ResponsesRequestReader(codec);
    private final ResponsesMapper mapper = new ResponsesMapper(codec);

    private ResponsesRequestReader.Read read(String body, ArrayNode history) {
        return reader.read(codec.readTree(body), history, "resp_1", 100);
    }

    private static ChatCompletion completion(ChatMessage message, String finish) {
        return new ChatCompletion("c", ChatCompletion.OBJECT, 1, "gpt-4o-mini",
                List.of(new ChatCompletion.Choice(0, message, null, finish)), Usage.of(9, 4), null);
    }

    @Test
    void instructionsComeFirstThenTheStoredConversationThenTheInput() {
        ArrayNode history = codec.mapper().createArrayNode();
        history.addObject().put("role", "user").put("content", "Name a river");
        history.addObject().put("role", "assistant").put("content", "The Rhine");
        ResponsesRequestReader.Read read = read("""
                {"model":"gpt-4o-mini","instructions":"Be brief.","input":[
                  {"role":"user","content":[{"type":"input_text","text":"Another?"},
                                            {"type":"input_image","image_url":"https://x/y.png"}]},
                  {"type":"function_call","call_id":"call_1","name":"f","arguments":"{}"},
                  {"type":"function_call_output","call_id":"call_1","output":"42"}],
                 "tools":[{"type":"function","name":"f","parameters":{"type":"object"}}],
                 "tool_choice":{"type":"function","name":"f"},"max_output_tokens":50,
                 "text":{"format":{"type":"json_schema","name":"x","schema":{"type":"object"}}}}""", history);

        JsonNode messages = read.chat().get("messages");
        assertThat(messages.get(0).get("content").asString()).isEqualTo("Be brief.");
        assertThat(messages.get(2).get("content").asString()).isEqualTo("The Rhine");
        assertThat(messages.get(3).get("content").get(1).get("image_url").get("url").asString())
                .isEqualTo("https://x/y.png");
        assertThat(messages.get(4).get("tool_calls").get(0).get("id").asString()).isEqualTo("call_1");
        assertThat(messages.get(5).get("role").asString()).isEqualTo("tool");
        assertThat(read.chat().get("tools").get(0).get("function").get("name").asString()).isEqualTo("f");
        assertThat(read.chat().get("tool_choice").get("function").get("name").asString()).isEqualTo("f");
        assertThat(read.chat().get("max_completion_tokens").asInt()).isEqualTo(50);
        assertThat(read.chat().get("response_format").get("json_schema").get("name").asString()).isEqualTo("x");
        assertThat(read.input()).hasSize(3);
        assertThat(read.store()).isTrue();
    }

    @Test
    void hostedToolsAndUnknownParametersAreRefused() {
        assertThatThrownBy(() -> read("{\"model\":\"m\",\"input\":\"hi\",\"tools\":[{\"type\":\"web_search\"}]}",
                codec.mapper().createArrayNode())).isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.body().error().param()).isEqualTo("tools[0].type"));
        assertThatThrownBy(() -> read("{\"model\":\"m\",\"input\":\"hi\",\"background\":true}",
                codec.mapper().createArrayNode())).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> read("{\"model\":\"m\",\"input\":\"hi\",\"nope\":1}",
                codec.mapper().createArrayNode())).hasMessageContaining("Unknown parameter: 'nope'");
    }

    @Test
    void theStreamsEventsEndWithTheResponseAPlainAnswerGives() {
        ResponseObject started = read("{\"model\":\"gpt-4o-mini\",\"input\":\"hi\",\"store\":false}",
                codec.mapper().createArrayNode()).response();
        ToolCall call = new ToolCall(null, "call_9", "function", new ToolCall.FunctionCall("f", "{\"a\":1}"));
        ChatCompletion answer = completion(ChatMessage.assistant("Hi", List.of(call), null), "tool_calls");
        ResponsesStreamTranslator translator = new ResponsesStreamTranslator(started, mapper);
        List<ResponseStreamEvent> events = new ArrayList<>();
        for (ChatCompletionChunk chunk : ChunkTranslator.replay(answer, "resp_1", 1, "gpt-4o-mini", true)) {
            events.addAll(translator.onChunk(chunk));
        }

        assertThat(events).extracting(ResponseStreamEvent::type).containsExactly("response.created",
                "response.in_progress", "response.output_item.added", "response.content_part.added",
                "response.output_text.delta", "response.output_text.done", "response.content_part.done",
                "response.output_item.done", "response.output_item.added", "response.function_call_arguments.delta",
                "response.function_call_arguments.done", "response.output_item.done", "response.completed");
        assertThat(events).extracting(ResponseStreamEvent::sequenceNumber).containsExactly(0, 1, 2, 3, 4, 5, 6, 7,
                8, 9, 10, 11, 12);
        assertThat(codec.tree(events.getLast().response()))
                .isEqualTo(codec.tree(mapper.complete(started, answer, "gpt-4o-mini")));
        assertThat(events.getLast().response().output()).extracting(OutputItem::type)
                .containsExactly("message", "function_call");
        assertThat(events.getLast().response().store()).isFalse();
        assertThat(events.getLast().response().usage().totalTokens()).isEqualTo(13);
    }

    @Test
    void anAnswerCutAtItsCapIsIncomplete() {
        ResponseObject started = read("{\"model\":\"m\",\"input\":\"hi\"}", codec.mapper().createArrayNode())
                .response();
        ResponseObject cut = mapper.complete(started, completion(ChatMessage.assistant("Hel", null, null), "length"),
                "m");
        assertThat(cut.status()).isEqualTo("incomplete");
        assertThat(cut.incompleteDetails().get("reason").asString()).isEqualTo("max_output_tokens");
    }
}
