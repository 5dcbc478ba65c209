package dev.llmpool.simulator.generation;

/**
 * A generated call to a function tool.
 *
 * @param id   call id, {@code call_} and 24 characters
 * @param name the function's name
 */
public record ToolCall(String id, String name) {
}
