/** Anthropic Messages in four roles: Api (HTTP), Mapper, Adapter, and the stream decoder and assembler. */
package dev.llmpool.workers.provider.anthropic;
