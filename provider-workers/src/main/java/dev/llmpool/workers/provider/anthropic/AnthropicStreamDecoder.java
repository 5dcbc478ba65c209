package dev.llmpool.workers.provider.anthropic;

import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.anthropic.MessageStreamEvent;
import dev.llmpool.workers.provider.sse.FrameDecoder;
import dev.llmpool.workers.provider.sse.SseEvent;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * An Anthropic Messages event stream: {@code event: <type>} / {@code data: <json>} frames, ending with
 * {@code message_stop}. {@code ping} is dropped; a mid-stream {@code event: error} (such as {@code overloaded_error})
 * is an error. Without {@code message_stop} the answer counts only if its stop reason arrived.
 */
final class AnthropicStreamDecoder extends FrameDecoder<MessageStreamEvent> {

    AnthropicStreamDecoder(JsonCodec codec, Consumer<MessageStreamEvent> onEvent) {
        super(codec, AnthropicErrors.MAPPING, MessageStreamEvent.class, "event", onEvent);
    }

    @Override
    protected boolean isKeepAlive(SseEvent event, JsonNode tree) {
        return "ping".equals(tree.path("type").asString(name(event)));
    }

    @Override
    protected boolean completes(SseEvent event, MessageStreamEvent decoded) {
        return "message_delta".equals(type(event, decoded)) && decoded.delta() != null
                && decoded.delta().stopReason() != null;
    }

    @Override
    protected boolean ends(SseEvent event, MessageStreamEvent decoded) {
        return "message_stop".equals(type(event, decoded));
    }

    @Override
    protected String missing() {
        return "message_stop";
    }

    /** The event's type: the data's {@code type}, else the SSE event name. */
    private static String type(SseEvent event, MessageStreamEvent decoded) {
        return decoded.type() != null ? decoded.type() : name(event);
    }

    private static String name(SseEvent event) {
        return event.event() == null ? "" : event.event();
    }
}
