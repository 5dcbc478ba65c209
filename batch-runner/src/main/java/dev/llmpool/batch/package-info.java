/** The batch runner role: runs the batches of the Batch API as jobs of the pool. */
package dev.llmpool.batch;
