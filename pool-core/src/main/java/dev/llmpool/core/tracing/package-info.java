/** Traces: one trace per job, its W3C {@code traceparent} carried in the Kafka headers from hop to hop. */
package dev.llmpool.core.tracing;
