/** The share-group side: containers per provider, the thin listener, records in flight with their lock renewals. */
package dev.llmpool.workers.kafka;
