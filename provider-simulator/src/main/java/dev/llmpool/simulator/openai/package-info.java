/** The OpenAI Chat Completions wire format: routes, validation and mapping, errors, headers and the chunk stream. */
package dev.llmpool.simulator.openai;
