package dev.llmpool.simulator.openai;

import dev.llmpool.simulator.generation.GenerationRequest;

/**
 * A validated chat-completions request: what to generate and how to send it.
 *
 * @param generation   the format-neutral request
 * @param stream       answer as an event stream
 * @param includeUsage streaming: add the usage chunk (and {@code "usage":null} on the others)
 */
record ChatCall(GenerationRequest generation, boolean stream, boolean includeUsage) {
}
