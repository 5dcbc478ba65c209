/** The runner's Kafka side: commands in, results read into part objects and the ledger. */
package dev.llmpool.batch.kafka;
