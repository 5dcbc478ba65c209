package dev.llmpool.core.redis;

import dev.llmpool.schemas.envelope.JobStatus;
import java.util.Map;

/**
 * A job's record in Redis as stored: status, the raw request and result JSON, router state, and the fingerprint of the
 * request that created it ({@link JobFingerprints}; null for a record written before fingerprints).
 */
public record JobView(String correlationId, JobStatus status, String requestJson, String resultJson,
                      String routeJson, String createdAt, String updatedAt, String fingerprint) {

    static JobView from(String correlationId, Map<String, String> hash) {
        return new JobView(correlationId, JobStatus.parse(hash.get("status")), hash.get("request"),
                hash.get("result"), hash.get("route"), hash.get("created_at"), hash.get("updated_at"),
                hash.get("fingerprint"));
    }
}
