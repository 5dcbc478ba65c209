package dev.llmpool.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchReportTest {

    private static BenchSettings settings(boolean stream, LoadPlan plan) {
        return new BenchSettings(BenchMode.HTTP, "http://127.0.0.1:8080/v1", "127.0.0.1:9092",
                "http://127.0.0.1:8090/v1", new Prompts("gpt-4o-mini", 0), plan, 10, stream, List.of(42L),
                Duration.ofSeconds(5), null);
    }

    private static LatencyStats stats(double p50, double mean) {
        return new LatencyStats(100, p50, p50 * 2, p50 * 3, p50 * 4, mean);
    }

    @Test
    void reportsBothRunsTheDifferenceLittlesLawAndRss() {
        BenchResult direct = new BenchResult("direct", stats(2, 2), stats(1, 1), 0, Map.of(), 1, 1000, 2);
        BenchResult pool = new BenchResult("pool", stats(5, 4), stats(3, 3), 1, Map.of("HTTP 504", 1L), 2, 500, 2);
        BenchReport report = new BenchReport(settings(true, new LoadPlan(100, 2, 0)), 2, "25", direct, pool,
                List.of(new RssSampler.Peak(42, 300 * 1024, 350 * 1024, 12)), List.of(new ProcessCpu(42, 150, 3)),
                Map.of(), new SimulatorInFlight.Seen(7, 4.5, 20));

        assertThat(report.header()).isEqualTo("llmpool bench: http mode, 100 requests, 10 warm-up, concurrency 2, "
                + "streaming, 2 cores, JDK 25");
        String text = report.render();
        assertThat(text).contains("direct", "pool ttft", "direct ttft");
        assertThat(text).contains("added by the pool: p50 +3.00 ms, p90 +6.00 ms, p99 +9.00 ms; throughput 0.50x");
        assertThat(text).contains("added time to first token: p50 +2.00 ms");
        // L = 500 req/s x 4 ms = 2; bound = 2 clients / 2 ms = 1000 req/s
        assertThat(text).contains("pool held 2 calls in flight on average (500 req/s x 4.0 ms mean)");
        assertThat(text).contains("2 clients at the direct mean latency allow 1000 req/s, the pool reached 50.0%");
        assertThat(text).contains("pool errors: HTTP 504=1").doesNotContain("direct errors");
        assertThat(text).contains("calls in flight at the simulator during the pool run (its /_sim/stats, 20 samples): "
                + "max 7, mean 5");
        assertThat(text).contains("RSS of pid 42 during the pool run: peak 300.0 MiB (12 samples); "
                + "VmHWM since it started 350.0 MiB");
        // 1.5 s of CPU over the pool run's 100 requests; 3 ticks of 150 in the compiler: warm
        assertThat(text).contains("CPU of pid 42 during the pool run: 1.5 s, 15.00 ms per request; JIT compiler threads "
                + "0.0 s (2%)\n").doesNotContain("still compiling");
    }

    @Test
    void aRunWhileTheJvmStillCompiledIsFlagged() {
        BenchResult pool = new BenchResult("pool", stats(5, 4), stats(0, 0), 0, Map.of(), 2, 50, 1);
        String text = new BenchReport(settings(false, new LoadPlan(100, 1, 0)), 2, "25", null, pool, List.of(),
                List.of(new ProcessCpu(42, 400, 100)), Map.of(), null).render();
        assertThat(text).contains("CPU of pid 42 during the pool run: 4.0 s, 40.00 ms per request; JIT compiler "
                + "threads 1.0 s (25%): the JVM was still compiling, so these are not yet warm figures");
    }

    @Test
    void withoutCalibrationOnlyThePoolRunIsReported() {
        BenchSettings settings = new BenchSettings(BenchMode.KAFKA, "", "127.0.0.1:9092", "",
                new Prompts("gpt-4o-mini", 32), new LoadPlan(100, 1, 250), 0, false, List.of(), Duration.ofSeconds(5), null);
        BenchResult pool = new BenchResult("kafka", stats(5, 5), stats(0, 0), 0, Map.of(), 1, 250, 3);
        String text = new BenchReport(settings, 2, "25", null, pool, List.of(), List.of(),
                Map.of("w2", 60L, "w1", 40L), null).render();
        assertThat(BenchReport.header(settings, 2, "25")).contains("kafka mode", "open loop 250 req/s",
                "max_tokens 32");
        assertThat(text).doesNotContain("added by the pool").doesNotContain("direct").doesNotContain("simulator");
        assertThat(text).contains("kafka held 1 calls in flight on average");
        assertThat(text).contains("attempt outcomes on llm.attempts during the kafka run, by worker: w1=40, w2=60");
    }
}
