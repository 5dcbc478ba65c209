/** The workers' Micrometer meters: attempts by outcome, lock renewals, redeliveries, dead letters, in-flight records. */
package dev.llmpool.workers.metrics;
