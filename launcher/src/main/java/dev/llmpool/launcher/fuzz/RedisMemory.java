package dev.llmpool.launcher.fuzz;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.OptionalLong;

/** Redis's {@code used_memory} ({@code INFO memory}), or empty when Redis cannot be asked. */
final class RedisMemory {

    private RedisMemory() {
    }

    static OptionalLong usedBytes(String url) {
        if (url == null || url.isBlank()) {
            return OptionalLong.empty();
        }
        RedisClient client = RedisClient.create(url);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.setTimeout(Duration.ofSeconds(5));
            return parse(connection.sync().info("memory"));
        } catch (RuntimeException e) {
            return OptionalLong.empty();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    static OptionalLong parse(String info) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("used_memory:")) {
                return OptionalLong.of(Long.parseLong(line.substring("used_memory:".length()).strip()));
            }
        }
        return OptionalLong.empty();
    }
}
