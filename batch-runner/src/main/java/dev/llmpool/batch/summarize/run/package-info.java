/**
 * Running a pipeline: each document's tree moved on as its nodes' jobs end (a pure {@link
 * dev.llmpool.batch.summarize.run.DocumentRun} per document), jobs published to {@code llm.requests} and their
 * results taken from their records or {@code llm.results}, every node checkpointed in Redis.
 */
package dev.llmpool.batch.summarize.run;
