/**
 * Summarization pipelines: documents chunked by tokens, summarized map-reduce as batch-priority jobs of the pool,
 * every node's summary checkpointed in Redis, an extractive summary where every provider failed.
 */
package dev.llmpool.batch.summarize;
