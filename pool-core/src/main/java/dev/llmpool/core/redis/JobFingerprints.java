package dev.llmpool.core.redis;

import dev.llmpool.core.text.CanonicalJson;
import dev.llmpool.core.text.Digests;
import dev.llmpool.schemas.envelope.Api;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.MetadataKeys;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a job id is bound to: SHA-256 of the canonical JSON of the parts of a job that say what is asked (tenant,
 * requested model, API, body or embeddings request, cache options, priority, metadata), not when or how it was sent (correlation id,
 * timestamps, deadline, token streaming). The first request under an id stores it in the job record; a later one
 * under the same id (a client's {@code x-llmpool-job-id} or {@code Idempotency-Key}, a producer's correlation id)
 * with another fingerprint is a different request and is refused instead of answered with the first one's result,
 * as payment APIs treat a reused idempotency key. The pool's own note of a job's budget reservation
 * ({@link MetadataKeys#BUDGET_HOLD}) is not part of what is asked. Pure.
 */
public final class JobFingerprints {

    private final JsonCodec codec;

    public JobFingerprints(JsonCodec codec) {
        this.codec = codec;
    }

    public String of(JobRequest request) {
        ObjectNode asked = JsonNodeFactory.instance.objectNode();
        asked.put("tenant", request.tenant());
        asked.put("model", request.requestedModel());
        asked.set("body", codec.tree(request.body()));
        if (request.api() != Api.CHAT_COMPLETIONS) {
            // a chat job's fingerprint stays what it was before jobs named their API
            asked.put("api", request.api().json());
        }
        if (request.embeddings() != null) {
            asked.set("embeddings", codec.tree(request.embeddings()));
        }
        asked.set("cache", codec.tree(request.cache()));
        asked.put("priority", request.priority().name());
        asked.set("metadata", codec.tree(asked(request.metadata())));
        return Digests.sha256Hex(codec.toJson(CanonicalJson.of(asked)));
    }

    private static Map<String, String> asked(Map<String, String> metadata) {
        if (metadata == null || !metadata.containsKey(MetadataKeys.BUDGET_HOLD)) {
            return metadata;
        }
        Map<String, String> asked = new LinkedHashMap<>(metadata);
        asked.remove(MetadataKeys.BUDGET_HOLD);
        return asked;
    }
}
