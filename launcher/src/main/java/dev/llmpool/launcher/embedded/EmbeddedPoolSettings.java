package dev.llmpool.launcher.embedded;

import java.nio.file.Path;

/**
 * Ports and data folder of the single-machine pool.
 *
 * @param externalRedisUrl a Redis to use instead of starting one (from {@code REDIS_URL}); null to start one
 */
public record EmbeddedPoolSettings(int kafkaPort, int redisPort, int simulatorPort, Path dataDir,
                                   String externalRedisUrl) {
}
