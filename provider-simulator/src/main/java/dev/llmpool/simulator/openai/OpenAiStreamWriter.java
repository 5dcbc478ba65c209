package dev.llmpool.simulator.openai;

import dev.llmpool.simulator.generation.Completion;
import dev.llmpool.simulator.generation.Generation;
import dev.llmpool.simulator.generation.OutputKind;
import dev.llmpool.simulator.http.SseWriter;
import dev.llmpool.simulator.openai.wire.ErrorResponse;
import dev.llmpool.simulator.timing.Pacer.TokenSchedule;
import java.io.IOException;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a generation as OpenAI's chunk stream: per choice a role chunk (and, for a tool call, the chunk naming
 * it), then one chunk per piece with the choices interleaved and the last piece carrying the finish reason, then
 * the usage chunk when asked for, then {@code [DONE]}. Paced streams flush every frame when it is due.
 */
final class OpenAiStreamWriter {

    private static final String DONE = "[DONE]";

    private final JsonMapper json;
    private final OpenAiMapper mapper;

    OpenAiStreamWriter(JsonMapper json, OpenAiMapper mapper) {
        this.json = json;
        this.mapper = mapper;
    }

    /**
     * Streams {@code generation}.
     *
     * @param errorAfter fail with an error frame after this many piece chunks, {@code -1} for never
     * @param outcome    told how the stream ends just before its last frame goes out, so whoever reads the last
     *                   frame also sees the outcome counted
     */
    void write(SseWriter sse, CompletionMeta meta, Generation generation, boolean includeUsage, int errorAfter,
            TokenSchedule schedule, Outcome outcome) throws IOException, InterruptedException {
        List<Completion> completions = generation.completions();
        int longest = 0;
        for (Completion completion : completions) {
            sse.data(json.writeValueAsBytes(mapper.roleChunk(meta, completion.index(), includeUsage)));
            if (completion.kind() == OutputKind.TOOL_CALL) {
                sse.data(json.writeValueAsBytes(mapper.toolCallStartChunk(meta, completion, includeUsage)));
            }
            longest = Math.max(longest, completion.pieces().size());
        }
        for (Completion completion : completions) {
            if (completion.pieces().isEmpty()) {
                sse.data(json.writeValueAsBytes(mapper.finishChunk(meta, completion, includeUsage)));
            }
        }
        int sent = 0;
        for (int step = 0; step < longest; step++) {
            schedule.awaitToken(step);
            for (Completion completion : completions) {
                if (step < completion.pieces().size()) {
                    if (sent == errorAfter) {
                        fail(sse, outcome);
                        return;
                    }
                    sse.data(json.writeValueAsBytes(mapper.pieceChunk(meta, completion, step, includeUsage)));
                    sent++;
                }
            }
        }
        if (errorAfter >= 0) {
            fail(sse, outcome);
            return;
        }
        if (includeUsage) {
            sse.data(json.writeValueAsBytes(mapper.usageChunk(meta, generation)));
        }
        outcome.ended(true);
        sse.data(DONE);
    }

    private void fail(SseWriter sse, Outcome outcome) throws IOException {
        outcome.ended(false);
        sse.data(json.writeValueAsBytes(new ErrorResponse(OpenAiErrors.serverErrorBody(
                "The server had an error while processing your request. Sorry about that!"))));
    }

    /** How a stream ended. */
    @FunctionalInterface
    interface Outcome {

        /** @param completed {@code true} for {@code [DONE]}, {@code false} for an error frame */
        void ended(boolean completed);
    }
}
