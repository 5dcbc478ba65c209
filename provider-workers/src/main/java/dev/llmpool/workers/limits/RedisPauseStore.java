package dev.llmpool.workers.limits;

import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Instant;

/** Pauses as Redis strings: the end in epoch milliseconds, the key expiring then ({@code SET … PXAT}). */
public final class RedisPauseStore implements ProviderPauses.Store {

    private final StatefulRedisConnection<String, String> redis;

    public RedisPauseStore(StatefulRedisConnection<String, String> redis) {
        this.redis = redis;
    }

    @Override
    public void pause(String key, Instant until) {
        redis.sync().set(key, Long.toString(until.toEpochMilli()), SetArgs.Builder.pxAt(until.toEpochMilli()));
    }

    @Override
    public Instant pausedUntil(String key) {
        String value = redis.sync().get(key);
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
