/** The {@code [sim:...]} directives tests put in prompts to force statuses, lengths, tool calls and failures. */
package dev.llmpool.simulator.directive;
