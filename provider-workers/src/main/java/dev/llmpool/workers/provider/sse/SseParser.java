package dev.llmpool.workers.provider.sse;

/**
 * Turns SSE lines into events, one line at a time, as the WHATWG event-stream rules say: {@code data:} lines
 * accumulate (one optional space after the colon is dropped), a blank line dispatches, lines starting with
 * {@code :} are comments, {@code event:} names the event, {@code id:} and {@code retry:} are ignored. Not thread-safe:
 * one parser per stream.
 */
public final class SseParser {

    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private String event;

    /** Feeds one line (without its line terminator); returns the event it completes, or null. */
    public SseEvent line(String line) {
        if (line.isEmpty()) {
            return dispatch();
        }
        if (line.charAt(0) == ':') {
            return null;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            case "event" -> event = value;
            default -> {
                // id, retry and unknown fields carry nothing a provider stream needs
            }
        }
        return null;
    }

    /** The end of the body: a last event that was not followed by a blank line, or null. */
    public SseEvent end() {
        return dispatch();
    }

    private SseEvent dispatch() {
        if (!hasData) {
            event = null;
            return null;
        }
        SseEvent dispatched = new SseEvent(event, data.toString());
        data.setLength(0);
        hasData = false;
        event = null;
        return dispatched;
    }
}
