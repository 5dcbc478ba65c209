package dev.llmpool.launcher.dlq;

import dev.llmpool.schemas.names.RedisKeys;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Which dead letters were replayed: one Redis key per dead letter ({@link RedisKeys#deadLetterReplayed}), set only if
 * absent, so two replays of the same record (two operators, a command run twice) re-publish it once.
 */
public final class ReplayLedger {

    private final StatefulRedisConnection<String, String> redis;
    private final Duration ttl;

    /** @param ttl how long a replay is remembered (longer than the DLT topics keep their records) */
    public ReplayLedger(StatefulRedisConnection<String, String> redis, Duration ttl) {
        this.redis = redis;
        this.ttl = ttl;
    }

    /** Records the replay of {@code letter} at {@code now}; false when it was replayed before. */
    public boolean claim(Coordinates letter, Instant now) {
        return "OK".equals(redis.sync().set(RedisKeys.deadLetterReplayed(letter.toString()), now.toString(),
                SetArgs.Builder.nx().px(ttl.toMillis())));
    }

    /** When {@code letter} was replayed, if it was. */
    public Optional<Instant> replayedAt(Coordinates letter) {
        return Optional.ofNullable(redis.sync().get(RedisKeys.deadLetterReplayed(letter.toString())))
                .map(Instant::parse);
    }

    /** Forgets a claim whose replay could not be published, so it can be tried again. */
    public void release(Coordinates letter) {
        redis.sync().del(RedisKeys.deadLetterReplayed(letter.toString()));
    }
}
