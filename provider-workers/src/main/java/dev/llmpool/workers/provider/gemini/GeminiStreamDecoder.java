package dev.llmpool.workers.provider.gemini;

import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.workers.provider.gemini.wire.Candidate;
import dev.llmpool.workers.provider.gemini.wire.GenerateContentResponse;
import dev.llmpool.workers.provider.sse.FrameDecoder;
import dev.llmpool.workers.provider.sse.SseEvent;
import java.util.function.Consumer;

/**
 * A Gemini {@code streamGenerateContent?alt=sse} body: {@code data: <chunk>} frames (CRLF or LF), no event names and
 * no end marker: the stream just closes, complete when a candidate finished or the prompt was blocked. A
 * {@code data: {"error":{...}}} frame is an error.
 */
final class GeminiStreamDecoder extends FrameDecoder<GenerateContentResponse> {

    GeminiStreamDecoder(JsonCodec codec, Consumer<GenerateContentResponse> onChunk) {
        super(codec, GeminiErrors.MAPPING, GenerateContentResponse.class, "chunk", onChunk);
    }

    @Override
    protected boolean completes(SseEvent event, GenerateContentResponse chunk) {
        if (chunk.promptFeedback() != null && chunk.promptFeedback().blockReason() != null) {
            return true;
        }
        if (chunk.candidates() != null) {
            for (Candidate candidate : chunk.candidates()) {
                if (candidate.finishReason() != null && !candidate.finishReason().isEmpty()) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    protected String missing() {
        return "a finish reason";
    }
}
