/** Anthropic Messages wire records, one per file, as the API spells them (snake_case). */
package dev.llmpool.workers.provider.anthropic.wire;
