/** {@code llmpool fuzz}: seeded malformed HTTP requests and Kafka records against a running pool, and the checks after. */
package dev.llmpool.launcher.fuzz;
