/** The share-group side: consumers per provider (elastic), the thin listener that leases each attempt and acknowledges its record, the poll gate. */
package dev.llmpool.workers.kafka;
