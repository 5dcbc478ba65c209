package dev.llmpool.workers.provider.gemini;

import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.workers.provider.ErrorMapping;
import dev.llmpool.workers.provider.ProviderException;
import dev.llmpool.workers.provider.gemini.wire.Candidate;
import dev.llmpool.workers.provider.gemini.wire.GenerateContentResponse;
import dev.llmpool.workers.provider.sse.SseEvent;
import dev.llmpool.workers.provider.sse.LineDecoder;
import dev.llmpool.workers.provider.sse.SseParser;
import dev.llmpool.workers.provider.sse.StreamFrames;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * Decodes a Gemini {@code streamGenerateContent?alt=sse} body line by line: {@code data: <chunk>} frames (CRLF or LF),
 * no event names and no end marker: the stream just closes. A {@code data: {"error":{...}}} frame becomes a
 * {@link ProviderException} classified by {@link ErrorMapping}. One decoder per stream; no I/O of its own.
 */
final class GeminiStreamDecoder implements LineDecoder {

    private final JsonCodec codec;
    private final Consumer<GenerateContentResponse> onChunk;
    private final SseParser parser = new SseParser();
    private boolean sawFinish;
    private int chunks;

    GeminiStreamDecoder(JsonCodec codec, Consumer<GenerateContentResponse> onChunk) {
        this.codec = codec;
        this.onChunk = onChunk;
    }

    /** Feeds one line; never true: a Gemini stream has no end marker, it just closes. */
    @Override
    public boolean line(String line) {
        SseEvent event = parser.line(line);
        if (event != null) {
            handle(event);
        }
        return false;
    }

    /** The body ended: complete when a candidate finished or the prompt was blocked, else the stream was cut. */
    @Override
    public void end() {
        SseEvent last = parser.end();
        if (last != null) {
            handle(last);
        }
        if (!sawFinish) {
            throw StreamFrames.truncated("the stream ended after " + chunks + " chunks without a finish reason");
        }
    }

    private void handle(SseEvent event) {
        String data = event.data().strip();
        if (data.isEmpty()) {
            return;
        }
        JsonNode tree = StreamFrames.tree(codec, data);
        JsonNode error = tree.get("error");
        if (error != null && !error.isNull()) {
            throw new ProviderException(ErrorMapping.fromStreamError(data));
        }
        GenerateContentResponse chunk = StreamFrames.bind(codec, tree, GenerateContentResponse.class, "stream chunk");
        chunks++;
        if (chunk.promptFeedback() != null && chunk.promptFeedback().blockReason() != null) {
            sawFinish = true;
        }
        if (chunk.candidates() != null) {
            for (Candidate candidate : chunk.candidates()) {
                if (candidate.finishReason() != null && !candidate.finishReason().isEmpty()) {
                    sawFinish = true;
                }
            }
        }
        onChunk.accept(chunk);
    }
}
