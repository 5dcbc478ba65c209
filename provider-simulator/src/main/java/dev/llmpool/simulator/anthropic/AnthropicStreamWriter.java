package dev.llmpool.simulator.anthropic;

import dev.llmpool.simulator.anthropic.wire.MessageStreamEvent;
import dev.llmpool.simulator.generation.Completion;
import dev.llmpool.simulator.generation.Generation;
import dev.llmpool.simulator.http.SseWriter;
import dev.llmpool.simulator.timing.Pacer.TokenSchedule;
import java.io.IOException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a generation as Anthropic's event stream: {@code message_start}, {@code content_block_start}, a
 * {@code ping}, one {@code content_block_delta} per piece (text, or the tool input's JSON split across deltas),
 * {@code content_block_stop}, {@code message_delta} with the stop reason and usage, {@code message_stop}. Each
 * frame is {@code event: <type>\ndata: <json>\n\n}. Paced streams flush every frame when it is due.
 */
final class AnthropicStreamWriter {

    private final JsonMapper json;
    private final AnthropicMapper mapper;

    AnthropicStreamWriter(JsonMapper json, AnthropicMapper mapper) {
        this.json = json;
        this.mapper = mapper;
    }

    /**
     * Streams {@code generation}.
     *
     * @param errorAfter fail with an {@code event: error} after this many deltas, {@code -1} for never
     * @param outcome    told how the stream ends just before its last frame goes out
     */
    void write(SseWriter sse, String id, String model, Generation generation, int errorAfter, TokenSchedule schedule,
            Outcome outcome) throws IOException, InterruptedException {
        Completion completion = generation.completions().getFirst();
        send(sse, mapper.messageStart(id, model, generation));
        send(sse, mapper.blockStart(completion));
        send(sse, mapper.ping());
        for (int piece = 0; piece < completion.pieces().size(); piece++) {
            schedule.awaitToken(piece);
            if (piece == errorAfter) {
                fail(sse, outcome);
                return;
            }
            send(sse, mapper.blockDelta(completion, piece));
        }
        if (errorAfter >= 0) {
            fail(sse, outcome);
            return;
        }
        send(sse, mapper.blockStop());
        send(sse, mapper.messageDelta(generation));
        outcome.ended(true);
        send(sse, mapper.messageStop());
    }

    private void send(SseWriter sse, MessageStreamEvent event) throws IOException {
        sse.event(event.type(), json.writeValueAsBytes(event));
    }

    private void fail(SseWriter sse, Outcome outcome) throws IOException {
        outcome.ended(false);
        sse.event("error", json.writeValueAsBytes(AnthropicMapper.streamError()));
    }

    /** How a stream ended. */
    @FunctionalInterface
    interface Outcome {

        /** @param completed {@code true} for {@code message_stop}, {@code false} for {@code event: error} */
        void ended(boolean completed);
    }
}
