/**
 * {@code llmpool batch …} for people: the gateway's Files and Batch APIs over HTTP, the streamed upload, progress
 * (a bar on a terminal, plain lines elsewhere), cost from the catalog prices, and the end-of-batch summary.
 */
package dev.llmpool.launcher.batch;
