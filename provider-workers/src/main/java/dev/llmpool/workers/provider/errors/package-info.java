/**
 * The one error mapping (a provider failure to the pool's {@code ErrorClass} and the wait the provider asked for),
 * the wait headers it reads, and the cleaning of every message that carries provider text.
 */
package dev.llmpool.workers.provider.errors;
