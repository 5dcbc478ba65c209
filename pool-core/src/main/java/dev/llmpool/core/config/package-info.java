/** Spring configuration of the shared pieces: properties, Redis, Kafka, JSON. */
package dev.llmpool.core.config;
