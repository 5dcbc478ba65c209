package dev.llmpool.simulator.generation;

/** Why a completion ended, independent of any wire format (each format maps it to its own words). */
public enum FinishReason {
    /** The answer is complete. */
    STOP,
    /** Cut at the token limit. */
    LENGTH,
    /** Cut where one of the request's stop sequences appeared (the sequence itself is not part of the text). */
    STOP_SEQUENCE,
    /** The answer is a tool call. */
    TOOL_CALLS,
    /** Withheld by a content filter. */
    CONTENT_FILTER;

    /** The reason named by a {@code [sim:finish=...]} directive. */
    public static FinishReason fromDirective(String name) {
        return switch (name) {
            case "stop" -> STOP;
            case "length" -> LENGTH;
            case "content_filter" -> CONTENT_FILTER;
            default -> throw new IllegalArgumentException("unknown finish reason " + name);
        };
    }
}
