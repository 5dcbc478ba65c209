package dev.llmpool.workers.limits;

import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Instant;
import java.util.concurrent.CompletionStage;

/**
 * Pauses as Redis strings: the end in epoch milliseconds, the key expiring then ({@code SET … PXAT}). Asynchronous:
 * the consumer threads that ask never wait for Redis.
 */
public final class RedisPauseStore implements ProviderPauses.Store {

    private final StatefulRedisConnection<String, String> redis;

    public RedisPauseStore(StatefulRedisConnection<String, String> redis) {
        this.redis = redis;
    }

    @Override
    public CompletionStage<?> pause(String key, Instant until) {
        return redis.async().set(key, Long.toString(until.toEpochMilli()), SetArgs.Builder.pxAt(until.toEpochMilli()));
    }

    @Override
    public CompletionStage<Instant> pausedUntil(String key) {
        return redis.async().get(key).thenApply(RedisPauseStore::parse);
    }

    private static Instant parse(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.ofEpochMilli(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
