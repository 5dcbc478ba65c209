package dev.llmpool.simulator.generation;

/** What a completion's pieces are. */
public enum OutputKind {
    /** Ordinary assistant text. */
    CONTENT,
    /** A refusal: no content, the pieces are the refusal message. */
    REFUSAL,
    /** A tool call: no content, the pieces are the call's JSON arguments. */
    TOOL_CALL
}
