package dev.llmpool.gateway.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.schemas.envelope.AttemptSummary;
import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.envelope.StreamEvent;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.ChatCompletionChunk;
import dev.llmpool.schemas.openai.ChatCompletionChunk.Delta;
import dev.llmpool.schemas.openai.ChatMessage;
import dev.llmpool.schemas.openai.ToolCall;
import dev.llmpool.schemas.openai.Usage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkTranslatorTest {

    private static final Instant AT = Instant.parse("2026-11-21T10:00:00Z");
    private static final String ID = "chatcmpl-abc";

    private static StreamEvent delta(int attempt, int seq, String text, String finish) {
        return StreamEvent.delta(ID, attempt, seq, 0, new Delta(null, text, null, null), null, finish, AT);
    }

    private static JobResult result(String text, String finish, Usage usage) {
        ChatCompletion completion = new ChatCompletion("up-1", ChatCompletion.OBJECT, 1, "gpt-4o-mini",
                List.of(new ChatCompletion.Choice(0, ChatMessage.assistant(text, null, null), null, finish)), usage,
                null);
        return JobResult.builder().correlationId(ID).status(JobStatus.COMPLETED).model("gpt-4o-mini")
                .provider("openai").response(completion)
                .attempts(List.of(new AttemptSummary(ID + ":1", 1, "openai", "gpt-4o-mini", true, null, null, 5, usage,
                        null)))
                .createdAt(AT).completedAt(AT).build();
    }

    private static List<ChatCompletionChunk> feed(ChunkTranslator translator, StreamEvent... events) {
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        for (StreamEvent event : events) {
            chunks.addAll(translator.onEvent(event));
        }
        return chunks;
    }

    @Test
    void theFirstChunkCarriesTheAssistantRoleAndEveryChunkSharesIdCreatedAndModel() {
        ChunkTranslator translator = new ChunkTranslator(ID, 1_700_000_000L, "fast", false);
        List<ChatCompletionChunk> chunks = feed(translator,
                StreamEvent.attemptStarted(ID, 1, "openai", "gpt-4o-mini", AT),
                delta(1, 0, "Hel", null), delta(1, 1, "lo", "stop"));

        assertThat(chunks).hasSize(2);
        assertThat(chunks.get(0).choices().getFirst().delta().role()).isEqualTo("assistant");
        assertThat(chunks.get(0).choices().getFirst().delta().content()).isEqualTo("Hel");
        assertThat(chunks.get(1).choices().getFirst().delta().role()).isNull();
        assertThat(chunks.get(1).choices().getFirst().finishReason()).isEqualTo("stop");
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.id()).isEqualTo(ID);
            assertThat(c.object()).isEqualTo("chat.completion.chunk");
            assertThat(c.created()).isEqualTo(1_700_000_000L);
            assertThat(c.model()).isEqualTo("gpt-4o-mini");
            assertThat(c.usage()).isNull();
        });
        assertThat(translator.streamed()).isTrue();
    }

    @Test
    void onlyTheFirstStreamingAttemptsDeltasReachTheClient() {
        ChunkTranslator translator = new ChunkTranslator(ID, 1, "gpt-4o-mini", false);
        List<ChatCompletionChunk> chunks = feed(translator, delta(2, 0, "A", null), delta(1, 0, "stale", null),
                delta(2, 1, "B", null), delta(3, 0, "later", null));

        assertThat(chunks).extracting(c -> c.choices().getFirst().delta().content()).containsExactly("A", "B");
    }

    @Test
    void completionAddsTheMissingFinishReasonThenTheUsageChunkWhenAskedFor() {
        ChunkTranslator translator = new ChunkTranslator(ID, 1, "gpt-4o-mini", true);
        Usage usage = Usage.of(7, 2);
        List<ChatCompletionChunk> chunks = feed(translator, delta(1, 0, "Hi", null), delta(1, 1, "!", null),
                StreamEvent.completed(result("Hi!", "length", usage), AT));

        assertThat(chunks).hasSize(4);
        ChatCompletionChunk finish = chunks.get(2);
        assertThat(finish.choices().getFirst().finishReason()).isEqualTo("length");
        assertThat(finish.choices().getFirst().delta().content()).isNull();
        assertThat(finish.usage()).isNull();
        ChatCompletionChunk last = chunks.get(3);
        assertThat(last.choices()).isEmpty();
        assertThat(last.usage()).isEqualTo(usage);
        assertThat(last.id()).isEqualTo(ID);
    }

    @Test
    void completionAfterAFinishedStreamAddsOnlyTheUsageChunk() {
        ChunkTranslator translator = new ChunkTranslator(ID, 1, "gpt-4o-mini", true);
        List<ChatCompletionChunk> chunks = feed(translator, delta(1, 0, "Hi", "stop"),
                StreamEvent.completed(result("Hi", "stop", Usage.of(3, 1)), AT));

        assertThat(chunks).hasSize(2);
        assertThat(chunks.getLast().choices()).isEmpty();
    }

    @Test
    void withoutIncludeUsageThereIsNoUsageChunk() {
        ChunkTranslator translator = new ChunkTranslator(ID, 1, "gpt-4o-mini", false);
        List<ChatCompletionChunk> chunks = feed(translator, delta(1, 0, "Hi", "stop"),
                StreamEvent.completed(result("Hi", "stop", Usage.of(3, 1)), AT));

        assertThat(chunks).hasSize(1);
    }

    @Test
    void aCompletionWithNothingStreamedIsReplayedAsChunks() {
        ChunkTranslator translator = new ChunkTranslator(ID, 1, "fast", true);
        List<ChatCompletionChunk> chunks = feed(translator,
                StreamEvent.completed(result("Whole answer", "stop", Usage.of(4, 2)), AT));

        assertThat(chunks).hasSize(2);
        ChatCompletionChunk.ChunkChoice choice = chunks.getFirst().choices().getFirst();
        assertThat(choice.delta().role()).isEqualTo("assistant");
        assertThat(choice.delta().content()).isEqualTo("Whole answer");
        assertThat(choice.finishReason()).isEqualTo("stop");
        assertThat(chunks.getFirst().model()).isEqualTo("gpt-4o-mini");
        assertThat(chunks.getLast().usage()).isEqualTo(Usage.of(4, 2));
    }

    @Test
    void aReplayedToolCallGetsItsIndex() {
        ToolCall call = new ToolCall(null, "call_1", "function",
                new ToolCall.FunctionCall("get_weather", "{\"city\":\"Paris\"}"));
        ChatCompletion completion = new ChatCompletion("x", ChatCompletion.OBJECT, 1, "gpt-4o-mini",
                List.of(new ChatCompletion.Choice(0, ChatMessage.assistant(null, List.of(call), null), null,
                        "tool_calls")), Usage.of(1, 1), null);

        List<ChatCompletionChunk> chunks = ChunkTranslator.replay(completion, ID, 5, "gpt-4o-mini", false);

        assertThat(chunks).hasSize(1);
        Delta delta = chunks.getFirst().choices().getFirst().delta();
        assertThat(delta.content()).isNull();
        assertThat(delta.toolCalls()).singleElement().satisfies(t -> {
            assertThat(t.index()).isZero();
            assertThat(t.function().name()).isEqualTo("get_weather");
        });
        assertThat(chunks.getFirst().choices().getFirst().finishReason()).isEqualTo("tool_calls");
    }
}
