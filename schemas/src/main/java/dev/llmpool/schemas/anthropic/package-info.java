/** Anthropic Messages wire records, one per file, as the API spells them (snake_case): the workers' adapter and the gateway's Messages API read and write them. */
package dev.llmpool.schemas.anthropic;
