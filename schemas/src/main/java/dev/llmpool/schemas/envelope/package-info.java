/** Versioned envelopes on the pool's Kafka topics and Redis streams. */
package dev.llmpool.schemas.envelope;
