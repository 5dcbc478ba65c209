package dev.llmpool.simulator.openai;

/**
 * What every chunk (or the one completion) of an answer repeats.
 *
 * @param id      {@code chatcmpl-...}
 * @param created epoch seconds
 * @param model   the model as requested
 */
record CompletionMeta(String id, long created, String model) {
}
