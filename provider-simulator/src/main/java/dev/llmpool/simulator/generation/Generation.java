package dev.llmpool.simulator.generation;

import java.util.List;

/**
 * The result of generating for one request.
 *
 * @param completions  one per requested choice, in index order
 * @param promptTokens the prompt's estimated token count
 */
public record Generation(List<Completion> completions, int promptTokens) {

    public Generation {
        completions = List.copyOf(completions);
    }

    /** Completion tokens over all choices. */
    public int completionTokens() {
        int total = 0;
        for (Completion completion : completions) {
            total += completion.tokens();
        }
        return total;
    }

    /** Tokens of the longest choice: choices are generated side by side, so this is what pacing waits for. */
    public int longestChoiceTokens() {
        int longest = 0;
        for (Completion completion : completions) {
            longest = Math.max(longest, completion.tokens());
        }
        return longest;
    }

    public int totalTokens() {
        return promptTokens + completionTokens();
    }
}
