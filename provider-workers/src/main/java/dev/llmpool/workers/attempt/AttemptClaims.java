package dev.llmpool.workers.attempt;

import dev.llmpool.schemas.names.RedisKeys;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;

/**
 * Who is running an attempt right now, so two copies of one attempt delivered at the same time call the provider
 * once. A claim belongs to a delivery (the record's topic, partition and offset): a redelivery of the same record
 * (its previous holder died or lost the lock) takes the claim over at once; a different record carrying the same
 * attempt waits for the holder to finish. Claims expire, so a claim left by a crash never blocks for long.
 */
public class AttemptClaims {

    static final String SCOPE = "attempt-claim";

    private static final String CLAIM = """
            local current = redis.call('GET', KEYS[1])
            if (not current) or current == ARGV[1] then
              redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
              return 1
            end
            return 0
            """;

    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """;

    private final StatefulRedisConnection<String, String> redis;
    private final Duration ttl;

    public AttemptClaims(StatefulRedisConnection<String, String> redis, Duration ttl) {
        this.redis = redis;
        this.ttl = ttl;
    }

    /** Claims the attempt for this delivery; true when it is now this delivery's (new, renewed or taken over). */
    public boolean claim(String attemptId, String deliveryId) {
        Long claimed = redis.sync().eval(CLAIM, ScriptOutputType.INTEGER, new String[] {key(attemptId)}, deliveryId,
                Long.toString(ttl.toMillis()));
        return claimed != null && claimed == 1L;
    }

    /** Gives the claim up if this delivery still holds it. */
    public void release(String attemptId, String deliveryId) {
        redis.sync().eval(RELEASE, ScriptOutputType.INTEGER, new String[] {key(attemptId)}, deliveryId);
    }

    private static String key(String attemptId) {
        return RedisKeys.once(SCOPE, attemptId);
    }
}
