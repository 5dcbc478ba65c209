/**
 * The load harness: one generator (closed or open loop) driving the simulator directly, the pool over HTTP or the
 * pool over Kafka, with latency percentiles, throughput, errors, time to first token and the pool's peak RSS.
 */
package dev.llmpool.launcher.bench;
