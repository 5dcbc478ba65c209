/** {@code llmpool summarize} without its argument parsing: a dry run, or a run against the pool's Kafka and Redis. */
package dev.llmpool.batch.summarize.cli;
