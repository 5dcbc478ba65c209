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

  public int totalTokens() {
    return promptTokens + completionTokens();
  }
}
