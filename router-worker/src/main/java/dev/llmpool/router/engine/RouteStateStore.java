package dev.llmpool.router.engine;

import java.util.Optional;

import dev.llmpool.core.redis.JobStore;
import dev.llmpool.core.redis.JobView;
import dev.llmpool.router.machine.RouteState;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.json.JsonCodec;

/** The router's state as JSON in the job hash's {@code route} field, next to the stored request. */
public class RouteStateStore {

    private final JobStore jobs;
    private final JsonCodec codec;

    public RouteStateStore(JobStore jobs, JsonCodec codec) {
        this.jobs = jobs;
        this.codec = codec;
    }

    /**
     * The job as the router needs it: status and state, and the stored request only when {@code withRequest} (a new
     * request carries its own; an outcome needs the stored one).
     */
    public StoredJob load(String correlationId, boolean withRequest) {
        return jobs.findForRouting(correlationId, withRequest).map(this::stored).orElse(StoredJob.NONE);
    }

    /**
     * The job with its stored request, leaving out (null) a request or state that cannot be read instead of failing:
     * for ending a job whose stored state may be what broke.
     */
    public StoredJob loadReadable(String correlationId) {
        return jobs.findForRouting(correlationId, true).map(view -> new StoredJob(view.status(),
                readable(view.requestJson(), JobRequest.class), readable(view.routeJson(), RouteState.class),
                view.fingerprint()))
                .orElse(StoredJob.NONE);
    }

    /** The job's record as stored (status, raw request, raw state), without reading either JSON. */
    public Optional<JobView> view(String correlationId) {
        return jobs.findForRouting(correlationId, true);
    }

    public void save(RouteState state) {
        jobs.saveRoute(state.correlationId(), codec.toJson(state));
    }

    private <T> T readable(String json, Class<T> type) {
        try {
            return json == null ? null : codec.fromJson(json, type);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    private StoredJob stored(JobView view) {
        JobRequest request = view.requestJson() == null ? null : codec.fromJson(view.requestJson(), JobRequest.class);
        RouteState state = view.routeJson() == null ? null : codec.fromJson(view.routeJson(), RouteState.class);
        return new StoredJob(view.status(), request, state, view.fingerprint());
    }
}
