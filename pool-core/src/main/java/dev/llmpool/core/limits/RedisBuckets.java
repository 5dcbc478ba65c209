package dev.llmpool.core.limits;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.bucket4j.redis.lettuce.cas.LettuceBasedProxyManager;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.time.Duration;

/**
 * Bucket4j's buckets in Redis, the one way the pool makes them: the Lettuce proxy manager (compare-and-swap), time
 * from the pool's {@link Clock}, each bucket expiring once it would be full again.
 */
public final class RedisBuckets {

    private RedisBuckets() {
    }

    /** @param redis a connection with binary values, for the buckets' state */
    public static LettuceBasedProxyManager<String> proxyManager(StatefulRedisConnection<String, byte[]> redis,
                                                                Clock clock, Duration keepAfterFull) {
        return Bucket4jLettuce.casBasedBuilder(redis)
                .clientClock(new ClockTimeMeter(clock))
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                        keepAfterFull))
                .build();
    }
}
