/** The summarization service's record of each document by id, as the gateway and the batch runners share it in Redis. */
package dev.llmpool.core.summarize;
