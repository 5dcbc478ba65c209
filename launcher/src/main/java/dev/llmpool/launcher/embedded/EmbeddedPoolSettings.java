package dev.llmpool.launcher.embedded;

import dev.llmpool.simulator.SimulatorSettings;
import java.nio.file.Path;

/**
 * Ports and data folder of the single-machine pool.
 *
 * @param simulator        the provider simulator's port and behaviour (latency, pacing)
 * @param externalRedisUrl a Redis to use instead of starting one (from {@code REDIS_URL}); null to start one
 */
public record EmbeddedPoolSettings(int kafkaPort, int redisPort, SimulatorSettings simulator, Path dataDir,
                                   String externalRedisUrl) {
}
