package dev.llmpool.launcher.bench;

/** One measured run: end-to-end latency, time to first byte of content (streaming), throughput and errors. */
public record BenchResult(String target, LatencyStats latency, LatencyStats firstToken, long errors,
                          double seconds, double requestsPerSecond) {
}
