package dev.llmpool.gateway.tenancy;

import dev.llmpool.core.redis.JobStore;
import dev.llmpool.core.redis.JobView;
import dev.llmpool.gateway.jobs.JobIds;
import dev.llmpool.gateway.jobs.JobSubmitter;
import dev.llmpool.gateway.jobs.Submission;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.MetadataKeys;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** The few steps every controller that creates or reads a job takes for tenancy. Pure but for the calls it is given. */
public final class Tenancy {

    private Tenancy() {
    }

    /**
     * The client's metadata with the submitting key's id; neither it nor the note of a budget reservation may a client
     * set itself.
     */
    public static Map<String, String> metadata(Map<String, String> client, Caller caller) {
        if (!client.containsKey(MetadataKeys.KEY_ID) && !client.containsKey(MetadataKeys.BUDGET_HOLD)
                && caller.keyId() == null) {
            return client;
        }
        Map<String, String> metadata = new LinkedHashMap<>(client);
        metadata.remove(MetadataKeys.KEY_ID);
        metadata.remove(MetadataKeys.BUDGET_HOLD);
        if (caller.keyId() != null) {
            metadata.put(MetadataKeys.KEY_ID, caller.keyId());
        }
        return metadata;
    }

    /**
     * Submits an admitted job, naming its reservation in its metadata: the reservation is given back when the job is
     * never published, or when the id named a job that exists (that job holds its own).
     */
    public static Submission submit(JobSubmitter submitter, Admission.Ticket admitted, JobRequest job,
                                    String traceparent, boolean follow) {
        Submission submission;
        try {
            submission = submitter.submit(admitted.stamp(job), traceparent, follow);
        } catch (RuntimeException e) {
            admitted.release();
            throw e;
        }
        if (!submission.created()) {
            admitted.release();
        }
        return submission;
    }

    /**
     * The job {@code id} names for {@code caller}: the id as it is, else (a tenant's key) the id in the tenant's own
     * id space, the one a client-chosen id was given; empty when neither is a job the caller may see.
     */
    public static Optional<JobView> findJob(JobStore store, JsonCodec codec, Caller caller, String id) {
        if (!JobIds.valid(id)) {
            return Optional.empty();
        }
        Optional<JobView> view = store.find(id).filter(v -> caller.sees(tenant(v, codec)));
        String scoped = caller.scoped(id);
        if (view.isEmpty() && !scoped.equals(id) && JobIds.valid(scoped)) {
            view = store.find(scoped).filter(v -> caller.sees(tenant(v, codec)));
        }
        return view;
    }

    /** The tenant a job record belongs to (from its request), or null. */
    static String tenant(JobView view, JsonCodec codec) {
        if (view.requestJson() == null) {
            return null;
        }
        JsonNode tenant = codec.readTree(view.requestJson()).get("tenant");
        return tenant == null || tenant.isNull() ? null : tenant.asString();
    }
}
