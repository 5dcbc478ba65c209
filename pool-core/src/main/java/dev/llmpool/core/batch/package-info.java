/** Files and batches of the OpenAI Files and Batch APIs as the gateway and the batch runners share them in Redis. */
package dev.llmpool.core.batch;
