/** What a pipeline run writes: the JSONL summaries in input order, the errors file, a Markdown report, progress. */
package dev.llmpool.batch.summarize.output;
