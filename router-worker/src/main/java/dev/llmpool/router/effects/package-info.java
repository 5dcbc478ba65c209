/** Applies the state machine's effects to Redis and Kafka, and counts what happened. */
package dev.llmpool.router.effects;
