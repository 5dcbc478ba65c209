package dev.llmpool.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.launcher.bench.Bench;
import dev.llmpool.launcher.bench.BenchMode;
import dev.llmpool.launcher.bench.BenchReport;
import dev.llmpool.launcher.bench.BenchSettings;
import dev.llmpool.launcher.bench.LoadPlan;
import dev.llmpool.launcher.bench.Prompts;
import dev.llmpool.testing.PoolInfra;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code llmpool bench} against the whole pool in this JVM: every mode runs its calibration and its pool run to the
 * end with no errors, and reports what it measured. Only that the harness works is checked; its figures are printed,
 * never asserted.
 */
class BenchHarnessIT extends WholePoolTestBase {

    private final Bench bench = new Bench();

    private BenchSettings settings(BenchMode mode, boolean stream, LoadPlan plan) {
        return new BenchSettings(mode, baseUrl() + "/v1", PoolInfra.shared().kafkaBootstrap(),
                PoolInfra.shared().simulatorOpenAiBaseUrl(), new Prompts("gpt-4o-mini", 0), plan, 5, stream,
                List.of(ProcessHandle.current().pid()), Duration.ofSeconds(60), null);
    }

    private static BenchReport report(BenchReport report) {
        System.out.println(report.header());
        System.out.print(report.render());
        return report;
    }

    @Test
    void httpModeCalibratesOnTheSimulatorThenMeasuresThePool() {
        BenchReport report = report(bench.run(settings(BenchMode.HTTP, false, new LoadPlan(20, 2, 0))));
        assertThat(report.direct().errors()).isZero();
        assertThat(report.direct().latency().count()).isEqualTo(20);
        assertThat(report.pool().errors()).isZero();
        assertThat(report.pool().latency().count()).isEqualTo(20);
        assertThat(report.rss()).singleElement().satisfies(p -> assertThat(p.peakRssKib()).isPositive());
    }

    @Test
    void streamingMeasuresTheTimeToTheFirstToken() {
        BenchReport report = report(bench.run(settings(BenchMode.HTTP, true, new LoadPlan(10, 1, 0))));
        assertThat(report.pool().errors()).isZero();
        assertThat(report.pool().firstToken().count()).isEqualTo(10);
        assertThat(report.direct().firstToken().count()).isEqualTo(10);
    }

    @Test
    void kafkaModeWaitsForEachResultAndCountsTheWorkersThatDidTheWork() {
        BenchReport report = report(bench.run(settings(BenchMode.KAFKA, false, new LoadPlan(20, 4, 0))));
        assertThat(report.pool().target()).isEqualTo("kafka");
        assertThat(report.pool().errors()).isZero();
        assertThat(report.pool().latency().count()).isEqualTo(20);
        assertThat(report.attemptsByWorker().values().stream().mapToLong(Long::longValue).sum())
                .as("outcomes of the 20 measured jobs, none of the 5 warm-up jobs'").isBetween(1L, 20L);
    }

    @Test
    void anOpenLoopRunKeepsItsSchedule() {
        BenchReport report = report(bench.run(settings(BenchMode.KAFKA, false, new LoadPlan(20, 1, 50))));
        assertThat(report.pool().errors()).isZero();
        assertThat(report.pool().latency().count()).isEqualTo(20);
    }
}
