package dev.llmpool.simulator.anthropic;

import dev.llmpool.simulator.generation.GenerationRequest;

/**
 * A validated Messages request: what to generate and how to send it.
 *
 * @param generation the format-neutral request
 * @param stream     answer as an event stream
 */
record MessagesCall(GenerationRequest generation, boolean stream) {
}
