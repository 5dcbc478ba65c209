/** Redis as the pool's memory: job records, per-job event streams with pub/sub fan-out, idempotency markers. */
package dev.llmpool.core.redis;
