package dev.llmpool.simulator.directive;

/**
 * A message text split into what the model sees and the directives it carried.
 *
 * @param text       the text with every directive removed
 * @param directives the directives found, {@link Directives#NONE} when there were none
 */
public record ParsedPrompt(String text, Directives directives) {
}
