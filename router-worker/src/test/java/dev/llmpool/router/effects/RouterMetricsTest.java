package dev.llmpool.router.effects;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.json.JsonCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class RouterMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RouterMetrics metrics = new RouterMetrics(registry);

    private static JobResult result(JobStatus status, boolean cached) {
        return JobResult.builder().correlationId("job").status(status).model("m").provider("p").cached(cached).build();
    }

    @Test
    void countsFinishedJobsByOutcome() {
        metrics.finished(result(JobStatus.COMPLETED, false));
        metrics.finished(result(JobStatus.COMPLETED, true));
        metrics.finished(result(JobStatus.COMPLETED, true));
        metrics.finished(result(JobStatus.FAILED, false));

        assertThat(registry.counter(RouterMetrics.JOBS, "outcome", "completed").count()).isEqualTo(1);
        assertThat(registry.counter(RouterMetrics.JOBS, "outcome", "cached").count()).isEqualTo(2);
        assertThat(registry.counter(RouterMetrics.JOBS, "outcome", "failed").count()).isEqualTo(1);
    }

    @Test
    void countsAttemptsByProviderAndModel() {
        metrics.attempt("openai", "gpt-4o-mini");
        metrics.attempt("openai", "gpt-4o-mini");
        metrics.attempt("local", "local-llama");

        assertThat(registry.counter(RouterMetrics.ATTEMPTS, "provider", "openai", "model", "gpt-4o-mini").count())
                .isEqualTo(2);
        assertThat(registry.counter(RouterMetrics.ATTEMPTS, "provider", "local", "model", "local-llama").count())
                .isEqualTo(1);
    }

    @Test
    void countsDeadLettersByReason() {
        metrics.deadLettered("exhausted");
        metrics.deadLettered("exhausted");
        metrics.deadLettered("stream-interrupted");

        assertThat(registry.counter(RouterMetrics.DEAD_LETTERS, "reason", "exhausted").count()).isEqualTo(2);
        assertThat(registry.counter(RouterMetrics.DEAD_LETTERS, "reason", "stream-interrupted").count()).isEqualTo(1);
    }

    @Test
    void countsRoutedJobsByRouteOutcomeAndFinalModelAndTheTiersTheyClimbed() {
        JsonCodec json = new JsonCodec();
        JobResult climbed = JobResult.builder().correlationId("job").status(JobStatus.COMPLETED).model("gpt-4o")
                .provider("openai")
                .routing(json.readTree("""
                        {"route":"balanced","outcome":"accepted","final_model":"gpt-4o",
                         "attempts":[{"tier":0},{"tier":1}]}"""))
                .build();
        JobResult first = JobResult.builder().correlationId("job").status(JobStatus.COMPLETED).model("gpt-4o-mini")
                .provider("openai")
                .routing(json.readTree("""
                        {"route":"balanced","outcome":"accepted","final_model":"gpt-4o-mini","attempts":[{"tier":0}]}"""))
                .build();

        metrics.finished(climbed);
        metrics.finished(first);
        metrics.finished(result(JobStatus.COMPLETED, false));

        assertThat(registry.counter(RouterMetrics.ROUTES, "route", "balanced", "outcome", "accepted", "final_model",
                "gpt-4o").count()).isEqualTo(1);
        assertThat(registry.counter(RouterMetrics.ROUTES, "route", "balanced", "outcome", "accepted", "final_model",
                "gpt-4o-mini").count()).isEqualTo(1);
        assertThat(registry.counter(RouterMetrics.ESCALATIONS, "route", "balanced").count()).isEqualTo(1);
        assertThat(registry.find(RouterMetrics.ROUTES).counters()).hasSize(2);
    }
}
