package dev.llmpool.gateway.jobs;

import dev.llmpool.core.redis.EventTail;

/**
 * A submitted job.
 *
 * @param id      the correlation id
 * @param created false when a job with this id already existed (a repeated idempotency key): nothing was published
 * @param tail    the job's events from the start, when the caller asked to follow them (close it)
 */
public record Submission(String id, boolean created, EventTail tail) {
}
