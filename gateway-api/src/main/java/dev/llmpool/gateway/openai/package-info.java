/** Pure translation of a job's stream events and results to OpenAI chunks, completions and model lists. */
package dev.llmpool.gateway.openai;
