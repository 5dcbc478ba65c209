package dev.llmpool.router.effects;

import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.envelope.JobStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counters {@code llmpool.router.jobs} (tag outcome), {@code llmpool.router.attempts} (tags provider, model) and
 * {@code llmpool.router.dead.letters} (tag reason).
 */
public class RouterMetrics {

    public static final String JOBS = "llmpool.router.jobs";
    public static final String ATTEMPTS = "llmpool.router.attempts";
    public static final String DEAD_LETTERS = "llmpool.router.dead.letters";

    private final MeterRegistry registry;

    public RouterMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A job finished: outcome {@code completed}, {@code cached} or {@code failed}. */
    public void finished(JobResult result) {
        String outcome = result.status() == JobStatus.FAILED ? "failed" : result.cached() ? "cached" : "completed";
        Counter.builder(JOBS).description("Jobs the router finished, by outcome").tag("outcome", outcome)
                .register(registry).increment();
    }

    /** A job was dead-lettered, with its {@code llmpool-dlt-reason}. */
    public void deadLettered(String reason) {
        Counter.builder(DEAD_LETTERS).description("Jobs the router dead-lettered, by reason").tag("reason", reason)
                .register(registry).increment();
    }

    /** An attempt was published. */
    public void attempt(String provider, String model) {
        Counter.builder(ATTEMPTS).description("Attempts the router published, by provider and model")
                .tag("provider", provider).tag("model", model).register(registry).increment();
    }
}
