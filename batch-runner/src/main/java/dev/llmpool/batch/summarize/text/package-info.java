/** Text without models: sentences and paragraphs, token-bounded chunks with overlap, extractive summaries. Pure. */
package dev.llmpool.batch.summarize.text;
