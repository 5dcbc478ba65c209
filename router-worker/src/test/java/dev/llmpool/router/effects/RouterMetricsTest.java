package dev.llmpool.router.effects;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.envelope.JobStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class RouterMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RouterMetrics metrics = new RouterMetrics(registry);

    private static JobResult result(JobStatus status, boolean cached) {
        return new JobResult(1, "job", status, "m", "p", null, null, cached, null, null, null, null);
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
}
