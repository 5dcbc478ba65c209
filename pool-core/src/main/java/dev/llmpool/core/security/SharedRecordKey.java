package dev.llmpool.core.security;

import dev.llmpool.core.redis.RedisScript;
import dev.llmpool.schemas.names.RedisKeys;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool's record key when none is configured: one random key kept in Redis ({@link RedisKeys#recordKey()}, no
 * TTL). The first process of a pool stores the key it drew ({@code SET NX}); every process that shares the Redis
 * reads the one stored, so they all agree without configuration. Redis is trusted here as it is for everything else:
 * whoever can write it can already write job results; the signatures keep out a producer that reaches Kafka only.
 *
 * <p>Every {@code refresh} the key is read again, without waiting (the next signature after the interval sends the
 * read): a key gone from Redis (its data lost) is stored again from this process's, and a key that changed there (an
 * operator's rotation, or another process that stored its own after a loss) is adopted, the one before staying
 * accepted, so the processes of a pool come back to one key within the interval.
 */
public final class SharedRecordKey implements RecordKeys {

    private static final Logger log = LoggerFactory.getLogger(SharedRecordKey.class);

    /** Keys replaced in Redis that are still accepted, besides the one in force. */
    private static final int REMEMBERED = 2;

    /** KEYS: the record key. ARGV: a key to offer. Stores the offer unless a key is there; returns the key there. */
    private static final String JOIN = """
            redis.call('SET', KEYS[1], ARGV[1], 'NX')
            return redis.call('GET', KEYS[1])
            """;

    private final StatefulRedisConnection<String, String> redis;
    private final Clock clock;
    private final Duration refresh;
    private final List<RecordKey> configuredPrevious;
    private final RedisScript join = new RedisScript(JOIN);
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile Ring ring;
    private volatile long nextRefresh;

    private record Ring(RecordKey signing, List<RecordKey> accepted) {
    }

    private SharedRecordKey(StatefulRedisConnection<String, String> redis, Clock clock, Duration refresh,
                            List<RecordKey> configuredPrevious) {
        this.redis = redis;
        this.clock = clock;
        this.refresh = refresh;
        this.configuredPrevious = List.copyOf(configuredPrevious);
    }

    /**
     * Reads the pool's key from Redis, storing a random one first when there is none; waits for Redis.
     *
     * @param previous keys still accepted besides the shared one (configured after a rotation away from them)
     */
    public static SharedRecordKey join(StatefulRedisConnection<String, String> redis, SecureRandom random, Clock clock,
                                       Duration refresh, List<RecordKey> previous) {
        SharedRecordKey shared = new SharedRecordKey(redis, clock, refresh, previous);
        String stored = RedisScript.join(shared.offer(RecordKey.random(random)));
        RecordKey key = RecordKey.parse(stored, "the record key in Redis (" + RedisKeys.recordKey() + ")");
        shared.ring = shared.ringOf(key, List.of());
        shared.nextRefresh = clock.millis() + refresh.toMillis();
        return shared;
    }

    @Override
    public RecordKey signing() {
        refreshIfDue();
        return ring.signing();
    }

    @Override
    public List<RecordKey> accepted() {
        refreshIfDue();
        return ring.accepted();
    }

    @Override
    public String source() {
        return "shared through Redis";
    }

    private CompletableFuture<String> offer(RecordKey key) {
        return join.evalAsync(redis, ScriptOutputType.VALUE, new String[] {RedisKeys.recordKey()}, key.base64());
    }

    /** Sends one read of the key when the interval has passed and none is on its way; never waits for it. */
    private void refreshIfDue() {
        if (clock.millis() < nextRefresh || !refreshing.compareAndSet(false, true)) {
            return;
        }
        try {
            offer(ring.signing()).whenComplete((stored, error) -> {
                try {
                    if (error != null) {
                        log.debug("The shared record key was not read again ({}); kept", error.toString());
                    } else {
                        adopt(stored);
                    }
                } finally {
                    done();
                }
            });
        } catch (RuntimeException e) {
            log.debug("The shared record key was not read again ({}); kept", e.toString());
            done();
        }
    }

    private void done() {
        nextRefresh = clock.millis() + refresh.toMillis();
        refreshing.set(false);
    }

    private void adopt(String stored) {
        Ring current = ring;
        RecordKey key;
        try {
            key = RecordKey.parse(stored, "the record key in Redis (" + RedisKeys.recordKey() + ")");
        } catch (RuntimeException e) {
            log.warn("{}; still signing with record key {}", e.getMessage(), current.signing().fingerprint());
            return;
        }
        if (key.equals(current.signing())) {
            return;
        }
        List<RecordKey> before = new ArrayList<>();
        before.add(current.signing());
        current.accepted().stream().filter(k -> !configuredPrevious.contains(k) && !k.equals(key)
                && !k.equals(current.signing())).limit(REMEMBERED - 1).forEach(before::add);
        ring = ringOf(key, before);
        log.warn("The pool's shared record key changed in Redis: signing with record key {} now; {} still accepted",
                key.fingerprint(), current.signing().fingerprint());
    }

    private Ring ringOf(RecordKey signing, List<RecordKey> replaced) {
        List<RecordKey> accepted = new ArrayList<>();
        accepted.add(signing);
        for (RecordKey key : replaced) {
            if (!accepted.contains(key)) {
                accepted.add(key);
            }
        }
        for (RecordKey key : configuredPrevious) {
            if (!accepted.contains(key)) {
                accepted.add(key);
            }
        }
        return new Ring(signing, List.copyOf(accepted));
    }
}
