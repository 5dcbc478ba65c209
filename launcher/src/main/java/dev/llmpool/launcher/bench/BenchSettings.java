package dev.llmpool.launcher.bench;

import java.time.Duration;
import java.util.List;

/**
 * One benchmark, validated: what to call, how hard, and which processes to watch.
 *
 * @param poolUrl   the gateway's base URL (HTTP mode)
 * @param bootstrap the pool's Kafka (Kafka mode)
 * @param directUrl the simulator's base URL for the calibration run; blank = no calibration
 * @param warmup    unmeasured calls before each measured run, with the same plan
 * @param stream    HTTP: stream the answers and measure the time to the first token. Kafka: publish the jobs with
 *                  {@code stream_tokens}, so workers stream from the provider and write each delta to Redis; the
 *                  bench still measures until the result is on {@code llm.results} (no time to first token)
 * @param pids      processes whose resident set size is sampled during the pool run
 * @param timeout   how long one call may take before it counts as an error
 */
public record BenchSettings(BenchMode mode, String poolUrl, String bootstrap, String directUrl, Prompts prompts,
                            LoadPlan plan, int warmup, boolean stream, List<Long> pids, Duration timeout,
                            String apiKey) {

    public BenchSettings {
        if (mode == BenchMode.HTTP && (poolUrl == null || poolUrl.isBlank())) {
            throw new IllegalArgumentException("HTTP mode needs --pool");
        }
        if (mode == BenchMode.KAFKA && (bootstrap == null || bootstrap.isBlank())) {
            throw new IllegalArgumentException("Kafka mode needs --bootstrap");
        }
        if (plan.requests() < 1) {
            throw new IllegalArgumentException("--requests must be at least 1");
        }
        if (warmup < 0) {
            throw new IllegalArgumentException("--warmup must be >= 0");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("--timeout must be positive");
        }
        for (long pid : pids) {
            if (pid < 1) {
                throw new IllegalArgumentException("--pid must be a process id, was " + pid);
            }
        }
        pids = List.copyOf(pids);
        directUrl = directUrl == null ? "" : directUrl.trim();
    }

    public boolean calibrates() {
        return !directUrl.isEmpty();
    }

    /** What the pool run is called in the report. */
    public String poolName() {
        return mode == BenchMode.KAFKA ? "kafka" : "pool";
    }
}
