package dev.llmpool.simulator.gemini;

import dev.llmpool.simulator.gemini.wire.Candidate;
import dev.llmpool.simulator.gemini.wire.ErrorResponse;
import dev.llmpool.simulator.generation.Completion;
import dev.llmpool.simulator.generation.Generation;
import dev.llmpool.simulator.timing.Pacer.TokenSchedule;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a generation as Gemini's stream: one chunk per token step holding each candidate's part for that step
 * (a function call comes whole in one chunk), the last chunk of a candidate carrying its finish reason, every
 * chunk carrying the cumulative {@code usageMetadata}, {@code modelVersion} and {@code responseId}. No end marker:
 * the stream just closes. Paced streams flush every chunk when it is due.
 */
final class GeminiStreamWriter {

    private final JsonMapper json;
    private final GeminiMapper mapper;

    GeminiStreamWriter(JsonMapper json, GeminiMapper mapper) {
        this.json = json;
        this.mapper = mapper;
    }

    /**
     * Streams {@code generation}.
     *
     * @param errorAfter fail with an error chunk after this many chunks, {@code -1} for never
     * @param outcome    told how the stream ends just before its last chunk goes out
     */
    void write(ChunkSink sink, String responseId, String model, Generation generation, int errorAfter,
            TokenSchedule schedule, Outcome outcome) throws IOException, InterruptedException {
        int steps = 0;
        for (Completion completion : generation.completions()) {
            steps = Math.max(steps, GeminiMapper.steps(completion));
        }
        int outputTokens = 0;
        for (int step = 0; step < steps; step++) {
            schedule.awaitToken(step);
            if (step == errorAfter) {
                fail(sink, outcome);
                return;
            }
            List<Candidate> candidates = new ArrayList<>(generation.completions().size());
            for (Completion completion : generation.completions()) {
                Candidate candidate = mapper.stepCandidate(completion, step);
                if (candidate != null) {
                    candidates.add(candidate);
                    outputTokens += GeminiMapper.stepTokens(completion, step);
                }
            }
            if (step == steps - 1 && errorAfter < 0) {
                outcome.ended(true);
            }
            sink.chunk(json.writeValueAsBytes(mapper.chunk(responseId, model, candidates, generation.promptTokens(),
                    outputTokens)));
        }
        if (errorAfter >= 0) {
            fail(sink, outcome);
            return;
        }
        sink.end();
    }

    private void fail(ChunkSink sink, Outcome outcome) throws IOException {
        outcome.ended(false);
        sink.chunk(json.writeValueAsBytes(new ErrorResponse(GeminiMapper.streamError())));
        sink.end();
    }

    /** How a stream ended. */
    @FunctionalInterface
    interface Outcome {

        /** @param completed {@code true} when every chunk went out, {@code false} for an error chunk */
        void ended(boolean completed);
    }
}
