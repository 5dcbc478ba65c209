package dev.llmpool.router.engine;

import dev.llmpool.router.machine.RouteState;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.envelope.JobStatus;

/**
 * A job as the router finds it in Redis.
 *
 * @param status  the record's status, or null when there is no job record
 * @param request the stored request, or null when there is no job record
 * @param state   the router's state, or null when the job was not routed yet
 * @param fingerprint the fingerprint of the request that created the record, or null (none, or an older record)
 */
public record StoredJob(JobStatus status, JobRequest request, RouteState state, String fingerprint) {

    public static final StoredJob NONE = new StoredJob(null, null, null, null);
}
