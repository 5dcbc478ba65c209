/** The summarization service's record of each document by id, shared by the gateway and the runners in Redis. */
package dev.llmpool.core.summarize;
