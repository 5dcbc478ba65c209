package dev.llmpool.launcher.command;

import dev.llmpool.launcher.bench.BenchResult;
import dev.llmpool.launcher.bench.HttpLoad;
import dev.llmpool.launcher.bench.LatencyStats;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code llmpool bench}: calibrates against the provider simulator called directly, then runs the same load
 * through the pool, and reports both and the difference. Same machine, same load generator, warmed up.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure latency and throughput through the pool against the simulator called directly.")
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--pool", defaultValue = "http://127.0.0.1:8080/v1", description = "Pool base URL.")
    String pool;

    @Option(names = "--direct", defaultValue = "http://127.0.0.1:8090/v1",
            description = "Simulator base URL for the calibration run (empty to skip).")
    String direct;

    @Option(names = "--model", defaultValue = "gpt-4o-mini", description = "Model to ask for.")
    String model;

    @Option(names = "--requests", defaultValue = "100", description = "Measured requests per run.")
    int requests;

    @Option(names = "--warmup", defaultValue = "200", description = "Unmeasured requests before each run.")
    int warmup;

    @Option(names = "--concurrency", defaultValue = "1", description = "Concurrent clients.")
    int concurrency;

    @Option(names = "--stream", description = "Stream, and report time to first token.")
    boolean stream;

    @Override
    public Integer call() throws Exception {
        HttpLoad load = new HttpLoad();
        List<BenchResult> results = new ArrayList<>();
        System.out.printf("llmpool bench: %d requests, %d warm-up, concurrency %d, %s, %d cores%n", requests, warmup,
                concurrency, stream ? "streaming" : "non-streaming", Runtime.getRuntime().availableProcessors());
        if (direct != null && !direct.isBlank()) {
            load.run("direct", direct, model, warmup, concurrency, stream);
            results.add(load.run("direct", direct, model, requests, concurrency, stream));
        }
        load.run("pool", pool, model, warmup, concurrency, stream);
        results.add(load.run("pool", pool, model, requests, concurrency, stream));
        print(results);
        return results.stream().anyMatch(r -> r.errors() > 0) ? 1 : 0;
    }

    private void print(List<BenchResult> results) {
        System.out.printf("%-8s %8s %9s %9s %9s %9s %9s %8s%n", "target", "requests", "p50 ms", "p90 ms", "p99 ms",
                "max ms", "req/s", "errors");
        for (BenchResult r : results) {
            row(r.target(), r.latency(), r);
            if (stream) {
                row(r.target() + " ttft", r.firstToken(), r);
            }
        }
        if (results.size() == 2) {
            BenchResult d = results.get(0);
            BenchResult p = results.get(1);
            System.out.printf("added by the pool: p50 %+.2f ms, p90 %+.2f ms, p99 %+.2f ms%n",
                    p.latency().p50Ms() - d.latency().p50Ms(), p.latency().p90Ms() - d.latency().p90Ms(),
                    p.latency().p99Ms() - d.latency().p99Ms());
            if (stream) {
                System.out.printf("added time to first token: p50 %+.2f ms%n",
                        p.firstToken().p50Ms() - d.firstToken().p50Ms());
            }
        }
    }

    private static void row(String name, LatencyStats s, BenchResult r) {
        System.out.printf("%-8s %8d %9.2f %9.2f %9.2f %9.2f %9.0f %8d%n", name, s.count(), s.p50Ms(), s.p90Ms(),
                s.p99Ms(), s.maxMs(), r.requestsPerSecond(), r.errors());
    }
}
