package dev.llmpool.gateway.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.gateway.openai.ChunkTranslator;
import dev.llmpool.schemas.anthropic.MessageResponse;
import dev.llmpool.schemas.anthropic.MessageStreamEvent;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.ChatCompletionChunk;
import dev.llmpool.schemas.openai.ChatMessage;
import dev.llmpool.schemas.openai.ToolCall;
import dev.llmpool.schemas.openai.Usage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessagesStreamTranslatorTest {

    private final JsonCodec codec = new JsonCodec();

    private static ChatCompletion completion(ChatMessage message, String finish) {
        return new ChatCompletion("c", ChatCompletion.OBJECT, 1, "claude-haiku-4-5",
                List.of(new ChatCompletion.Choice(0, message, null, finish)), Usage.of(12, 7), null);
    }

    private static List<MessageStreamEvent> events(MessagesStreamTranslator translator, ChatCompletion completion) {
        List<MessageStreamEvent> events = new ArrayList<>();
        for (ChatCompletionChunk chunk : ChunkTranslator.replay(completion, "msg_1", 1, "claude-haiku-4-5", true)) {
            events.addAll(translator.onChunk(chunk));
        }
        return events;
    }

    @Test
    void textComesInAnthropicsOrderWithTheRealUsageAtTheEnd() {
        MessagesStreamTranslator translator = new MessagesStreamTranslator("msg_1", "haiku", 10);
        List<MessageStreamEvent> events = new ArrayList<>(translator.ping());
        events.addAll(events(translator, completion(ChatMessage.assistant("Hello there", null, null), "stop")));

        assertThat(events).extracting(MessageStreamEvent::type).containsExactly("message_start", "ping",
                "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop");
        assertThat(events.getFirst().message().usage().inputTokens()).isEqualTo(10);
        assertThat(codec.toJson(events.getFirst())).contains("\"stop_reason\":null").contains("\"content\":[]");
        assertThat(events.get(3).delta().text()).isEqualTo("Hello there");
        MessageStreamEvent delta = events.get(5);
        assertThat(delta.delta().stopReason()).isEqualTo("end_turn");
        assertThat(delta.usage().inputTokens()).isEqualTo(12);
        assertThat(delta.usage().outputTokens()).isEqualTo(7);
        assertThat(translator.finished()).isTrue();
    }

    @Test
    void aToolCallIsAToolUseBlockWhoseInputArrivesAsJsonDeltas() {
        ToolCall call = new ToolCall(null, "toolu_1", "function", new ToolCall.FunctionCall("get_weather",
                "{\"city\":\"Oslo\"}"));
        List<MessageStreamEvent> events = events(new MessagesStreamTranslator("msg_1", "haiku", 1),
                completion(ChatMessage.assistant("Checking.", List.of(call), null), "tool_calls"));

        assertThat(events).extracting(MessageStreamEvent::type).containsExactly("message_start",
                "content_block_start", "content_block_delta", "content_block_stop", "content_block_start",
                "content_block_delta", "content_block_stop", "message_delta", "message_stop");
        MessageStreamEvent toolStart = events.get(4);
        assertThat(toolStart.index()).isEqualTo(1);
        assertThat(toolStart.contentBlock().type()).isEqualTo("tool_use");
        assertThat(toolStart.contentBlock().name()).isEqualTo("get_weather");
        assertThat(events.get(5).delta().type()).isEqualTo("input_json_delta");
        assertThat(events.get(5).delta().partialJson()).isEqualTo("{\"city\":\"Oslo\"}");
        assertThat(events.get(7).delta().stopReason()).isEqualTo("tool_use");
    }

    @Test
    void theWholeMessageMapsRefusalsAndToolCalls() {
        MessagesMapper mapper = new MessagesMapper(codec);
        MessageResponse refused = mapper.toMessage(completion(ChatMessage.assistant(null, null, "No."),
                "content_filter"), "msg_2", "claude-haiku-4-5");
        assertThat(refused.stopReason()).isEqualTo("refusal");
        assertThat(refused.content().getFirst().text()).isEqualTo("No.");

        ToolCall call = new ToolCall(null, "call_1", "function", new ToolCall.FunctionCall("f", "{\"a\":1}"));
        MessageResponse tool = mapper.toMessage(completion(ChatMessage.assistant(null, List.of(call), null),
                "tool_calls"), "msg_3", "gpt-4o-mini");
        assertThat(tool.content()).singleElement().satisfies(block -> {
            assertThat(block.type()).isEqualTo("tool_use");
            assertThat(block.input().get("a").asInt()).isEqualTo(1);
        });
        assertThat(tool.stopReason()).isEqualTo("tool_use");
        assertThat(tool.usage().outputTokens()).isEqualTo(7);
    }
}
