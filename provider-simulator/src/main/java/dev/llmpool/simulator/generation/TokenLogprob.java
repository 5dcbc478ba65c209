package dev.llmpool.simulator.generation;

import java.util.List;

/**
 * Log probability of one content token and its most likely alternatives (the token itself first).
 *
 * @param token   the chosen token text
 * @param logprob its natural-log probability
 * @param top     the most likely tokens at this position, best first
 */
public record TokenLogprob(String token, double logprob, List<TopLogprob> top) {

    public TokenLogprob {
        top = List.copyOf(top);
    }
}
