package dev.llmpool.workers.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.ToolCall;
import dev.llmpool.workers.provider.DeltaPart;
import dev.llmpool.workers.provider.ProviderException;
import dev.llmpool.schemas.anthropic.MessageResponse;
import dev.llmpool.schemas.anthropic.MessageStreamEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Recorded Anthropic event streams, decoded line by line, turned into delta parts and assembled. */
class AnthropicStreamFixturesTest {

    private final JsonCodec codec = new JsonCodec();

    @Test
    void aTextStreamYieldsRoleContentAndFinishAndAssemblesAsANonStreamedAnswer() {
        List<MessageStreamEvent> events = decode("stream-text.txt");
        assertThat(events).as("ping is dropped").extracting(MessageStreamEvent::type).containsExactly("message_start",
                "content_block_start", "content_block_delta", "content_block_delta", "content_block_delta",
                "content_block_delta", "content_block_stop", "message_delta", "message_stop");

        AnthropicStreamAssembler assembler = new AnthropicStreamAssembler();
        List<DeltaPart> parts = events.stream().flatMap(e -> assembler.accept(e).stream()).toList();
        assertThat(parts).hasSize(6);
        assertThat(parts.getFirst().delta().role()).isEqualTo("assistant");
        assertThat(parts.stream().filter(DeltaPart::carriesTokens)).hasSize(4);
        assertThat(parts.getLast().finishReason()).isEqualTo("stop");
        assertThat(parts.getLast().carriesTokens()).isFalse();

        ChatCompletion completion = AnthropicMapper.toCompletion(assembler.result(), 1L);
        assertThat(completion.id()).isEqualTo("msg_01DyoPAV8RV1NpvGwLYKrHZc");
        assertThat(completion.model()).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(completion.firstMessage().text()).isEqualTo("Hello! How can I help you today?");
        assertThat(completion.firstFinishReason()).isEqualTo("stop");
        assertThat(completion.usage().promptTokens()).as("message_start's input tokens").isEqualTo(25);
        assertThat(completion.usage().completionTokens()).as("message_delta's cumulative output").isEqualTo(12);
    }

    @Test
    void toolUseBlocksStreamAsIndexedFragmentsAndThinkingIsNotPartOfTheAnswer() {
        AnthropicStreamAssembler assembler = new AnthropicStreamAssembler();
        List<DeltaPart> parts = decode("stream-tool-use.txt").stream().flatMap(e -> assembler.accept(e).stream())
                .toList();

        List<ToolCall> fragments = parts.stream().filter(p -> p.delta().toolCalls() != null)
                .flatMap(p -> p.delta().toolCalls().stream()).toList();
        assertThat(fragments).extracting(ToolCall::index).containsExactly(0, 0, 0, 1, 1);
        assertThat(fragments.get(0).id()).isEqualTo("toolu_01T1x1fJ34qAmk2tNTrN7Up6");
        assertThat(fragments.get(0).type()).isEqualTo("function");
        assertThat(fragments.get(0).function().name()).isEqualTo("get_weather");
        assertThat(fragments.get(0).function().arguments()).isEmpty();
        assertThat(fragments.get(1).id()).isNull();
        assertThat(fragments.get(1).function().arguments()).isEqualTo("{\"city\": \"Par");
        assertThat(fragments.get(4).function().arguments()).as("a call without input deltas sends its input whole")
                .isEqualTo("{}");
        assertThat(parts.stream().map(p -> p.delta().content() == null ? "" : p.delta().content())
                .reduce("", String::concat)).isEqualTo("I'll check the weather in both cities.");
        assertThat(parts.getLast().finishReason()).isEqualTo("tool_calls");

        MessageResponse message = assembler.result();
        ChatCompletion completion = AnthropicMapper.toCompletion(message, 1L);
        assertThat(completion.firstMessage().text()).isEqualTo("I'll check the weather in both cities.");
        assertThat(completion.firstMessage().toolCalls()).hasSize(2);
        assertThat(completion.firstMessage().toolCalls().getFirst().function().arguments())
                .isEqualTo("{\"city\":\"Paris\",\"unit\":\"celsius\"}");
        assertThat(completion.firstMessage().toolCalls().get(1).function().name()).isEqualTo("get_time");
        assertThat(completion.usage().promptTokens()).isEqualTo(472);
        assertThat(completion.usage().completionTokens()).isEqualTo(89);
    }

    @Test
    void aRefusalWithoutTextEndsWithARefusalPart() {
        AnthropicStreamAssembler assembler = new AnthropicStreamAssembler();
        List<DeltaPart> parts = decode("stream-refusal.txt").stream().flatMap(e -> assembler.accept(e).stream())
                .toList();
        DeltaPart last = parts.getLast();
        assertThat(last.finishReason()).isEqualTo("content_filter");
        assertThat(last.delta().refusal()).isEqualTo("The model declined to answer (cyber).");
        ChatCompletion completion = AnthropicMapper.toCompletion(assembler.result(), 1L);
        assertThat(completion.firstMessage().refusal()).isEqualTo(last.delta().refusal());
        assertThat(completion.firstMessage().content()).isNull();
    }

    @Test
    void anErrorEventMidStreamIsClassifiedAfterTheEventsBeforeIt() {
        List<MessageStreamEvent> before = new ArrayList<>();
        assertThatThrownBy(() -> decode("stream-error.txt", before))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.error().errorClass()).isEqualTo(ErrorClass.TRANSIENT);
                    assertThat(e.error().providerCode()).isEqualTo("overloaded_error");
                    assertThat(e.error().message()).isEqualTo("stream error: Overloaded");
                });
        assertThat(before).extracting(MessageStreamEvent::type).containsExactly("message_start", "content_block_start",
                "content_block_delta", "content_block_delta");
    }

    @Test
    void aStreamCutBeforeItsStopReasonIsTransient() {
        assertThatThrownBy(() -> decode("stream-truncated.txt"))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.error().errorClass()).isEqualTo(ErrorClass.TRANSIENT);
                    assertThat(e.error().providerCode()).isEqualTo("stream_truncated");
                });
    }

    private List<MessageStreamEvent> decode(String fixture) {
        return decode(fixture, new ArrayList<>());
    }

    private List<MessageStreamEvent> decode(String fixture, List<MessageStreamEvent> events) {
        AnthropicStreamDecoder decoder = new AnthropicStreamDecoder(codec, events::add);
        for (String line : AnthropicMapperTest.fixture(fixture).split("\r?\n", -1)) {
            if (decoder.line(line)) {
                return events;
            }
        }
        decoder.end();
        return events;
    }
}
