/** Format-neutral, deterministic generation: prompts in, completions (text, refusals, tool calls, logprobs) out. */
package dev.llmpool.simulator.generation;
