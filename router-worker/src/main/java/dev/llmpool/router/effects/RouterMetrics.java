package dev.llmpool.router.effects;

import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.envelope.JobStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

/**
 * Counters {@code llmpool.router.jobs} (tag outcome), {@code llmpool.router.attempts} (tags provider, model),
 * {@code llmpool.router.dead.letters} (tag reason) and, for jobs that took a route, {@code llmpool.router.routes}
 * (tags route, outcome: accepted, returned_best, …; final_model) and {@code llmpool.router.escalations} (tag route:
 * tiers climbed past the first) and {@code llmpool.router.partitions} (tag event: assigned, revoked, lost: the
 * partitions of the router's consumers, lost when the group evicted one).
 */
public class RouterMetrics {

    public static final String JOBS = "llmpool.router.jobs";
    public static final String ATTEMPTS = "llmpool.router.attempts";
    public static final String DEAD_LETTERS = "llmpool.router.dead.letters";
    public static final String ROUTES = "llmpool.router.routes";
    public static final String ESCALATIONS = "llmpool.router.escalations";
    public static final String PARTITIONS = "llmpool.router.partitions";

    private final MeterRegistry registry;

    public RouterMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A job finished: outcome {@code completed}, {@code cached} or {@code failed}. */
    public void finished(JobResult result) {
        String outcome = result.status() == JobStatus.FAILED ? "failed" : result.cached() ? "cached" : "completed";
        Counter.builder(JOBS).description("Jobs the router finished, by outcome").tag("outcome", outcome)
                .register(registry).increment();
        JsonNode routing = result.routing();
        if (routing != null) {
            String route = routing.path("route").asString("unknown");
            Counter.builder(ROUTES).description("Routed jobs finished, by route, outcome and the model that answered")
                    .tag("route", route).tag("outcome", routing.path("outcome").asString("unknown"))
                    .tag("final_model", routing.path("final_model").asString("none"))
                    .register(registry).increment();
            int climbed = Math.max(0, routing.path("attempts").size() - 1);
            if (climbed > 0) {
                Counter.builder(ESCALATIONS).description("Tiers routed jobs climbed past their first, by route")
                        .tag("route", route).register(registry).increment(climbed);
            }
        }
    }

    /** A job was dead-lettered, with its {@code llmpool-dlt-reason}. */
    public void deadLettered(String reason) {
        Counter.builder(DEAD_LETTERS).description("Jobs the router dead-lettered, by reason").tag("reason", reason)
                .register(registry).increment();
    }

    /** Partitions of a router consumer were {@code assigned}, {@code revoked} by a rebalance, or {@code lost}. */
    public void partitions(String event, int count) {
        if (count > 0) {
            Counter.builder(PARTITIONS).description("Partitions of the router's consumers, by event")
                    .tag("event", event).register(registry).increment(count);
        }
    }

    /** An attempt was published. */
    public void attempt(String provider, String model) {
        Counter.builder(ATTEMPTS).description("Attempts the router published, by provider and model")
                .tag("provider", provider).tag("model", model).register(registry).increment();
    }
}
