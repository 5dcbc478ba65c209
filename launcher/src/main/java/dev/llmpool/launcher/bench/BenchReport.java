package dev.llmpool.launcher.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The text a benchmark prints: the header (load, mode, cores), one row per run (and per run's time to first token
 * when streaming), what the pool added to the calibration, the errors by kind, Little's law, the calls in flight at
 * the simulator, which worker processes did the work (Kafka mode: attempt outcomes on {@code llm.attempts} by
 * {@code worker_id}), the peak RSS of the watched processes, and the CPU they used per request (and how much of it
 * the JIT compiler took: a JVM still compiling is not yet measured warm). Pure: formatting only.
 */
public record BenchReport(BenchSettings settings, int cores, String jvm, BenchResult direct, BenchResult pool,
                          List<RssSampler.Peak> rss, List<ProcessCpu> cpu, Map<String, Long> attemptsByWorker,
                          SimulatorInFlight.Seen simulatorInFlight) {

    /** A JIT share of the CPU above this means the JVM was still warming up during the run. */
    static final double WARMING_JIT_SHARE = 0.05;

    public BenchReport {
        rss = List.copyOf(rss);
        cpu = cpu == null ? List.of() : List.copyOf(cpu);
        attemptsByWorker = attemptsByWorker == null ? Map.of() : new TreeMap<>(attemptsByWorker);
    }

    /** The first line: what is measured, how, and on what. */
    public static String header(BenchSettings settings, int cores, String jvm) {
        LoadPlan plan = settings.plan();
        String load = plan.openLoop()
                ? String.format(Locale.ROOT, "open loop %.0f req/s", plan.rate())
                : "concurrency " + plan.concurrency();
        return String.format(Locale.ROOT, "llmpool bench: %s mode, %d requests, %d warm-up, %s, %s%s, %d cores, JDK %s",
                settings.mode().name().toLowerCase(Locale.ROOT), plan.requests(), settings.warmup(), load,
                !settings.stream() ? "non-streaming"
                        : settings.mode() == BenchMode.KAFKA ? "stream_tokens (deltas to Redis)" : "streaming",
                (settings.prompts().maxTokens() > 0 ? ", max_tokens " + settings.prompts().maxTokens() : "")
                        + (settings.prompts().repeat() ? ", one repeated request (cache hits)" : ""), cores, jvm);
    }

    public String header() {
        return header(settings, cores, jvm);
    }

    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-12s %8s %9s %9s %9s %9s %9s %9s %9s %7s%n", "target", "requests",
                "p50 ms", "p90 ms", "p99 ms", "max ms", "mean ms", "req/s", "in-flight", "errors"));
        for (BenchResult r : direct == null ? List.of(pool) : List.of(direct, pool)) {
            row(out, r.target(), r.latency(), r);
            if (settings.stream() && r.firstToken().count() > 0) {
                row(out, r.target() + " ttft", r.firstToken(), r);
            }
        }
        if (direct != null) {
            out.append(String.format(Locale.ROOT, "added by the pool: p50 %+.2f ms, p90 %+.2f ms, p99 %+.2f ms; "
                            + "throughput %.2fx the direct run%n",
                    pool.latency().p50Ms() - direct.latency().p50Ms(), pool.latency().p90Ms() - direct.latency().p90Ms(),
                    pool.latency().p99Ms() - direct.latency().p99Ms(),
                    direct.requestsPerSecond() > 0 ? pool.requestsPerSecond() / direct.requestsPerSecond() : 0));
            if (settings.stream() && pool.firstToken().count() > 0) {
                out.append(String.format(Locale.ROOT, "added time to first token: p50 %+.2f ms, p90 %+.2f ms, "
                                + "p99 %+.2f ms%n", pool.firstToken().p50Ms() - direct.firstToken().p50Ms(),
                        pool.firstToken().p90Ms() - direct.firstToken().p90Ms(),
                        pool.firstToken().p99Ms() - direct.firstToken().p99Ms()));
            }
        }
        for (BenchResult r : direct == null ? List.of(pool) : List.of(direct, pool)) {
            if (!r.errorKinds().isEmpty()) {
                out.append(String.format(Locale.ROOT, "%s errors: %s%n", r.target(), joined(r.errorKinds())));
            }
        }
        out.append(littlesLaw());
        if (simulatorInFlight != null && simulatorInFlight.samples() > 0) {
            out.append(String.format(Locale.ROOT, "calls in flight at the simulator during the %s run (its /_sim/stats, "
                            + "%d samples): max %d, mean %.0f%n", pool.target(), simulatorInFlight.samples(),
                    simulatorInFlight.max(), simulatorInFlight.mean()));
        }
        if (!attemptsByWorker.isEmpty()) {
            out.append(String.format(Locale.ROOT, "attempt outcomes on llm.attempts during the %s run, by worker: %s%n",
                    pool.target(), joined(attemptsByWorker)));
        }
        for (RssSampler.Peak p : rss) {
            out.append(p.samples() == 0
                    ? String.format(Locale.ROOT, "RSS of pid %d: not readable (/proc/%d/status)%n", p.pid(), p.pid())
                    : String.format(Locale.ROOT, "RSS of pid %d during the %s run: peak %.1f MiB (%d samples); "
                            + "VmHWM since it started %.1f MiB%n", p.pid(), pool.target(), p.peakRssMib(),
                    p.samples(), p.hwmMib()));
        }
        for (ProcessCpu used : cpu) {
            out.append(cpuLine(used));
        }
        return out.toString();
    }

    private String cpuLine(ProcessCpu used) {
        long requests = pool.latency().count();
        double share = used.ticks() > 0 ? (double) used.jitTicks() / used.ticks() : 0;
        return String.format(Locale.ROOT, "CPU of pid %d during the %s run: %.1f s, %.2f ms per request; JIT compiler "
                        + "threads %.1f s (%.0f%%)%s%n", used.pid(), pool.target(), used.seconds(),
                requests > 0 ? used.seconds() * 1000 / requests : 0, used.jitSeconds(), 100 * share,
                share > WARMING_JIT_SHARE ? ": the JVM was still compiling, so these are not yet warm figures" : "");
    }

    /**
     * Little's law, L = λW: the mean number of calls in flight during the pool run; in closed loop also the
     * throughput the clients would reach if every call took the direct run's mean latency (N / W_direct).
     */
    String littlesLaw() {
        double inFlight = pool.requestsPerSecond() * pool.latency().meanMs() / 1000;
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "Little's law: %s held %.0f calls in flight on average (%.0f req/s x %.1f ms mean)",
                pool.target(), inFlight, pool.requestsPerSecond(), pool.latency().meanMs()));
        if (direct != null && !settings.plan().openLoop() && direct.latency().meanMs() > 0) {
            int clients = Math.min(settings.plan().concurrency(), settings.plan().requests());
            double bound = clients / (direct.latency().meanMs() / 1000);
            out.append(String.format(Locale.ROOT, "; %d clients at the direct mean latency allow %.0f req/s, "
                    + "the pool reached %.1f%%", clients, bound, 100 * pool.requestsPerSecond() / bound));
        }
        return out.append(System.lineSeparator()).toString();
    }

    private static String joined(Map<String, Long> counts) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(counts).forEach((key, n) -> text.append(text.isEmpty() ? "" : ", ").append(key).append('=')
                .append(n));
        return text.toString();
    }

    private static void row(StringBuilder out, String name, LatencyStats s, BenchResult r) {
        out.append(String.format(Locale.ROOT, "%-12s %8d %9.2f %9.2f %9.2f %9.2f %9.2f %9.0f %9d %7d%n", name,
                s.count(), s.p50Ms(), s.p90Ms(), s.p99Ms(), s.maxMs(), s.meanMs(), r.requestsPerSecond(),
                r.maxInFlight(), r.errors()));
    }
}
