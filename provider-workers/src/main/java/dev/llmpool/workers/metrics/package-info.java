/** The workers' Micrometer meters: attempts by outcome, lease renewals, redeliveries, dead letters, attempts in flight. */
package dev.llmpool.workers.metrics;
