package dev.llmpool.workers.provider.openai;

import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.openai.ChatCompletionChunk;
import dev.llmpool.workers.provider.ErrorMapping;
import dev.llmpool.workers.provider.ProviderException;
import dev.llmpool.workers.provider.sse.SseEvent;
import dev.llmpool.workers.provider.sse.LineDecoder;
import dev.llmpool.workers.provider.sse.SseParser;
import dev.llmpool.workers.provider.sse.StreamFrames;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * Decodes an OpenAI Chat Completions event stream line by line: {@code data: <chunk>} frames, comments, blank lines,
 * {@code data: [DONE]} at the end, and a mid-stream {@code data: {"error":...}} frame, which becomes a
 * {@link ProviderException}. One decoder per stream; no I/O of its own.
 */
final class OpenAiStreamDecoder implements LineDecoder {

    static final String DONE = "[DONE]";

    private final JsonCodec codec;
    private final Consumer<ChatCompletionChunk> onChunk;
    private final SseParser parser = new SseParser();
    private boolean done;
    private boolean sawFinish;
    private int chunks;

    OpenAiStreamDecoder(JsonCodec codec, Consumer<ChatCompletionChunk> onChunk) {
        this.codec = codec;
        this.onChunk = onChunk;
    }

    /** Feeds one line; returns true once {@code [DONE]} was seen (the caller stops reading). */
    @Override
    public boolean line(String line) {
        if (done) {
            return true;
        }
        SseEvent event = parser.line(line);
        if (event != null) {
            handle(event);
        }
        return done;
    }

    /**
     * The body ended. A stream that ended without {@code [DONE]} is accepted when some choice finished (a few
     * OpenAI-compatible servers omit the marker); otherwise the answer is incomplete and the failure is transient.
     */
    @Override
    public void end() {
        if (!done) {
            SseEvent last = parser.end();
            if (last != null) {
                handle(last);
            }
        }
        if (!done && !sawFinish) {
            throw StreamFrames.truncated("the stream ended after " + chunks
                    + " chunks without [DONE] or a finish reason");
        }
    }

    int chunks() {
        return chunks;
    }

    private void handle(SseEvent event) {
        String data = event.data().strip();
        if (data.equals(DONE)) {
            done = true;
            return;
        }
        if (data.isEmpty()) {
            return;
        }
        JsonNode tree = StreamFrames.tree(codec, data);
        JsonNode error = tree.get("error");
        if ((error != null && !error.isNull()) || "error".equals(event.event())) {
            throw new ProviderException(ErrorMapping.fromStreamError(data));
        }
        ChatCompletionChunk chunk = StreamFrames.bind(codec, tree, ChatCompletionChunk.class, "stream chunk");
        chunks++;
        if (chunk.choices() != null && chunk.choices().stream().anyMatch(c -> c.finishReason() != null)) {
            sawFinish = true;
        }
        onChunk.accept(chunk);
    }
}
