package dev.llmpool.launcher.bench;

import java.util.Map;

/**
 * One measured run.
 *
 * @param latency     end-to-end latency of every call, failed ones included
 * @param firstToken  time to the first content token of the calls that streamed one (streaming runs)
 * @param errorKinds  the failed calls by what went wrong
 * @param maxInFlight the most calls outstanding at once, as the load generator saw them
 */
public record BenchResult(String target, LatencyStats latency, LatencyStats firstToken, long errors,
                          Map<String, Long> errorKinds, double seconds, double requestsPerSecond, int maxInFlight) {

    public BenchResult {
        errorKinds = errorKinds == null ? Map.of() : Map.copyOf(errorKinds);
    }
}
