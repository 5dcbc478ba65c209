package dev.llmpool.workers.provider.anthropic;

import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.workers.provider.ErrorMapping;
import dev.llmpool.workers.provider.ProviderException;
import dev.llmpool.workers.provider.anthropic.wire.MessageStreamEvent;
import dev.llmpool.workers.provider.sse.SseEvent;
import dev.llmpool.workers.provider.sse.LineDecoder;
import dev.llmpool.workers.provider.sse.SseParser;
import dev.llmpool.workers.provider.sse.StreamFrames;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * Decodes an Anthropic Messages event stream line by line: {@code event: <type>} / {@code data: <json>} frames,
 * ending with {@code message_stop}. {@code ping} is dropped here; a mid-stream {@code event: error} (such as
 * {@code overloaded_error}) becomes a {@link ProviderException} classified by {@link ErrorMapping}. One decoder per
 * stream; no I/O of its own.
 */
final class AnthropicStreamDecoder implements LineDecoder {

    private final JsonCodec codec;
    private final Consumer<MessageStreamEvent> onEvent;
    private final SseParser parser = new SseParser();
    private boolean done;
    private boolean sawStop;
    private int events;

    AnthropicStreamDecoder(JsonCodec codec, Consumer<MessageStreamEvent> onEvent) {
        this.codec = codec;
        this.onEvent = onEvent;
    }

    /** Feeds one line; returns true once {@code message_stop} was seen (the caller stops reading). */
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
     * The body ended. Without {@code message_stop} the answer counts only if its stop reason arrived; otherwise the
     * stream was cut and the failure is transient.
     */
    @Override
    public void end() {
        if (!done) {
            SseEvent last = parser.end();
            if (last != null) {
                handle(last);
            }
        }
        if (!done && !sawStop) {
            throw StreamFrames.truncated("the stream ended after " + events + " events without message_stop");
        }
    }

    private void handle(SseEvent event) {
        String data = event.data().strip();
        if (data.isEmpty()) {
            return;
        }
        JsonNode tree = StreamFrames.tree(codec, data);
        String type = tree.path("type").asString(event.event() == null ? "" : event.event());
        if ("error".equals(event.event()) || "error".equals(type)) {
            throw new ProviderException(ErrorMapping.fromStreamError(data));
        }
        if ("ping".equals(type)) {
            return;
        }
        MessageStreamEvent decoded = StreamFrames.bind(codec, tree, MessageStreamEvent.class, "stream event");
        events++;
        if ("message_delta".equals(type) && decoded.delta() != null && decoded.delta().stopReason() != null) {
            sawStop = true;
        }
        onEvent.accept(decoded);
        if ("message_stop".equals(type)) {
            done = true;
        }
    }
}
