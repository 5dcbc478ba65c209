/** One attempt from record to outcome: idempotency, deadline, the provider call, streamed deltas, the outcome. */
package dev.llmpool.workers.attempt;
