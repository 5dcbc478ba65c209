package dev.llmpool.workers.provider.sse;

import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.workers.provider.ProviderException;
import dev.llmpool.workers.provider.errors.ErrorMapping;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * The one decoding of a provider's event stream, line by line: SSE frames are parsed, blank data skipped, the
 * provider's end marker ends the reading, each frame's JSON read; an error frame ({@code event: error}, or JSON the
 * provider's {@link ErrorMapping} calls an error) becomes a {@link ProviderException}; any other frame is bound to the
 * provider's wire record, counted and handed on. A body that ends before the answer was complete is a
 * {@code TRANSIENT} failure. Each provider's subclass says what its frames mean. One decoder per stream; no I/O of
 * its own.
 *
 * @param <T> the provider's wire record of one frame
 */
public abstract class FrameDecoder<T> implements LineDecoder {

    private final JsonCodec codec;
    private final ErrorMapping errors;
    private final Class<T> type;
    private final String what;
    private final Consumer<T> onFrame;
    private final SseParser parser = new SseParser();
    private boolean done;
    private boolean complete;
    private int frames;

    /** @param what names a frame in errors and in the truncation message ("chunk", "event") */
    protected FrameDecoder(JsonCodec codec, ErrorMapping errors, Class<T> type, String what, Consumer<T> onFrame) {
        this.codec = codec;
        this.errors = errors;
        this.type = type;
        this.what = what;
        this.onFrame = onFrame;
    }

    /** Feeds one line; returns true once the provider's end was seen (the caller stops reading). */
    @Override
    public final boolean line(String line) {
        if (done) {
            return true;
        }
        SseEvent event = parser.line(line);
        if (event != null) {
            handle(event);
        }
        return done;
    }

    /** The body ended: without the provider's end, the answer counts only if a frame said it was complete. */
    @Override
    public final void end() {
        if (!done) {
            SseEvent last = parser.end();
            if (last != null) {
                handle(last);
            }
        }
        if (!done && !complete) {
            throw StreamFrames.truncated("the stream ended after " + frames + " " + what + "s without "
                    + missing());
        }
    }

    /** Whether {@code data} is the provider's end marker (OpenAI's {@code [DONE]}); by default there is none. */
    protected boolean isEndMarker(String data) {
        return false;
    }

    /** Whether a frame that is not an error carries nothing to hand on (Anthropic's {@code ping}). */
    protected boolean isKeepAlive(SseEvent event, JsonNode tree) {
        return false;
    }

    /** Whether this frame says the answer is complete (a finish or stop reason). */
    protected abstract boolean completes(SseEvent event, T frame);

    /** Whether this frame ends the stream (Anthropic's {@code message_stop}); by default none does. */
    protected boolean ends(SseEvent event, T frame) {
        return false;
    }

    /** What a cut stream ended without ("message_stop", "a finish reason"). */
    protected abstract String missing();

    private void handle(SseEvent event) {
        String data = event.data().strip();
        if (isEndMarker(data)) {
            done = true;
            return;
        }
        if (data.isEmpty()) {
            return;
        }
        JsonNode tree = StreamFrames.tree(codec, data);
        if ("error".equals(event.event()) || errors.isError(tree)) {
            throw new ProviderException(errors.fromStreamError(data));
        }
        if (isKeepAlive(event, tree)) {
            return;
        }
        T frame = StreamFrames.bind(codec, tree, type, "stream " + what);
        frames++;
        if (completes(event, frame)) {
            complete = true;
        }
        onFrame.accept(frame);
        if (ends(event, frame)) {
            done = true;
        }
    }
}
