package dev.llmpool.core.redis;

import dev.llmpool.schemas.names.RedisKeys;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;

/** Idempotency markers: "has this message been handled?" answered once, atomically, with a TTL. */
public class OnceMarkers {

    private final StatefulRedisConnection<String, String> redis;

    public OnceMarkers(StatefulRedisConnection<String, String> redis) {
        this.redis = redis;
    }

    /** True for the first caller with this scope and id within the TTL; false for every repeat. */
    public boolean first(String scope, String id, Duration ttl) {
        return "OK".equals(redis.sync().set(RedisKeys.once(scope, id), "1", SetArgs.Builder.nx().px(ttl.toMillis())));
    }

    /** True when a marker exists. */
    public boolean seen(String scope, String id) {
        return redis.sync().exists(RedisKeys.once(scope, id)) > 0;
    }

    /** Removes a marker so the message can be handled again (after a failure that must be retried). */
    public void forget(String scope, String id) {
        redis.sync().del(RedisKeys.once(scope, id));
    }
}
