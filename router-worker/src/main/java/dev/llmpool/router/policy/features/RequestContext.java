package dev.llmpool.router.policy.features;

import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.envelope.Priority;
import java.util.Map;

/**
 * What the envelope says about a request besides its body.
 *
 * @param requestedModel the name the caller asked for (envelope {@code model}, else {@code body.model})
 * @param metadata       the caller's string metadata ({@code task}, {@code max_cost_usd}, anything else)
 */
public record RequestContext(String requestedModel, String tenant, Priority priority, Map<String, String> metadata) {

    public RequestContext {
        priority = priority == null ? Priority.INTERACTIVE : priority;
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public static RequestContext of(JobRequest request) {
        return new RequestContext(request.requestedModel(), request.tenant(), request.priority(), request.metadata());
    }
}
