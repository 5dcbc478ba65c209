/** A real single-node Kafka KRaft broker (combined broker and controller) that keeps its data across restarts. */
package dev.llmpool.embedded.kafka;
