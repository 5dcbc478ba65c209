package dev.llmpool.simulator.generation;

/**
 * One alternative for a token position.
 *
 * @param token   the alternative token text
 * @param logprob its natural-log probability
 */
public record TopLogprob(String token, double logprob) {
}
