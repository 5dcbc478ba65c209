/** Kafka plumbing shared by the roles: dead letters, topics, headers. */
package dev.llmpool.core.kafka;
