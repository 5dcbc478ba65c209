package dev.llmpool.workers.provider.openai;

import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.openai.ChatCompletionChunk;
import dev.llmpool.workers.provider.sse.FrameDecoder;
import dev.llmpool.workers.provider.sse.SseEvent;
import java.util.function.Consumer;

/**
 * An OpenAI Chat Completions event stream: {@code data: <chunk>} frames, comments, blank lines, {@code data: [DONE]}
 * at the end, and a mid-stream {@code data: {"error":...}} frame. A stream that ends without {@code [DONE]} is
 * accepted when some choice finished (a few OpenAI-compatible servers omit the marker).
 */
final class OpenAiStreamDecoder extends FrameDecoder<ChatCompletionChunk> {

    static final String DONE = "[DONE]";

    OpenAiStreamDecoder(JsonCodec codec, Consumer<ChatCompletionChunk> onChunk) {
        super(codec, OpenAiErrors.MAPPING, ChatCompletionChunk.class, "chunk", onChunk);
    }

    @Override
    protected boolean isEndMarker(String data) {
        return data.equals(DONE);
    }

    @Override
    protected boolean completes(SseEvent event, ChatCompletionChunk chunk) {
        return chunk.choices() != null && chunk.choices().stream().anyMatch(c -> c.finishReason() != null);
    }

    @Override
    protected String missing() {
        return DONE + " or a finish reason";
    }
}
