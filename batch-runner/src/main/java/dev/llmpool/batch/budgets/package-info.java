/** Budgets for the jobs the batch runner publishes itself: batch lines and summarization calls. */
package dev.llmpool.batch.budgets;
