/** OpenAI Chat Completions and every OpenAI-compatible endpoint, in four roles: Api (HTTP), Mapper, Adapter, decoder. */
package dev.llmpool.workers.provider.openai;
