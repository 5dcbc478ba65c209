/** The single-machine pool: in-process Kafka, Redis and provider simulator around the Spring application. */
package dev.llmpool.launcher.embedded;
