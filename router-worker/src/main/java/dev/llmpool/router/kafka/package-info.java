/** Thin Kafka listeners for llm.requests and llm.attempts: read the envelope, delegate, acknowledge. */
package dev.llmpool.router.kafka;
