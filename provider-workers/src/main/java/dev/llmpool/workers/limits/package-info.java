/** Shared provider quotas in Redis: RPM/TPM buckets (Bucket4j), token estimates, and provider pauses on a reset. */
package dev.llmpool.workers.limits;
