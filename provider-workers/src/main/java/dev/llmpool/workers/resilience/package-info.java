/** Resilience4j around each provider call: retry honouring the provider's wait, circuit breaker, bulkhead, limits. */
package dev.llmpool.workers.resilience;
