package dev.llmpool.embedded.redis;

import java.nio.file.Path;

/**
 * How to start an {@link EmbeddedRedis}.
 *
 * @param port    the port on 127.0.0.1; {@code 0} picks a free one
 * @param dataDir where the append-only file and snapshots live, so data survives a restart; {@code null} means
 *                no persistence (scratch files go to a temp directory deleted on close)
 */
public record EmbeddedRedisSettings(int port, Path dataDir) {

    public EmbeddedRedisSettings {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 (random) or 1-65535, was " + port);
        }
    }

    /** A random port and no persistence. */
    public static EmbeddedRedisSettings ephemeral() {
        return new EmbeddedRedisSettings(0, null);
    }

    /** A server that keeps its data in {@code dataDir} and listens on {@code port} ({@code 0} = random). */
    public static EmbeddedRedisSettings persistent(int port, Path dataDir) {
        return new EmbeddedRedisSettings(port, dataDir);
    }
}
