package dev.llmpool.workers.lease;

import dev.llmpool.core.redis.RedisScript;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.RedisKeys;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.ZAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The leases of one pool in Redis: per provider, a sorted set of lease members scored by when they lapse
 * ({@link RedisKeys#leases}) and a hash of the records behind them ({@link RedisKeys#leaseRecords}). The record is
 * written before its member, on one connection, so a member is never seen without its record.
 */
public class LeaseStore {

    /**
     * KEYS: leases, records. ARGV: now ms, taken until ms, limit. Takes up to {@code limit} lapsed leases by moving
     * their lapse to {@code taken until} (so no other reaper takes them meanwhile); returns member, record pairs.
     */
    private static final String TAKE_LAPSED = """
            local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
            local out = {}
            for _, m in ipairs(due) do
              redis.call('ZADD', KEYS[1], ARGV[2], m)
              out[#out + 1] = m
              out[#out + 1] = redis.call('HGET', KEYS[2], m) or ''
            end
            return out
            """;

    /** KEYS: leases, records. ARGV: member, taken until ms. Drops a lease taken by a reaper, if it still is. */
    private static final String DROP_TAKEN = """
            local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
            if score and tonumber(score) == tonumber(ARGV[2]) then
              redis.call('ZREM', KEYS[1], ARGV[1])
              redis.call('HDEL', KEYS[2], ARGV[1])
              return 1
            end
            return 0
            """;

    private final StatefulRedisConnection<String, String> redis;
    private final JsonCodec json;
    private final RedisScript takeLapsed = new RedisScript(TAKE_LAPSED);
    private final RedisScript dropTaken = new RedisScript(DROP_TAKEN);

    public LeaseStore(StatefulRedisConnection<String, String> redis, JsonCodec json) {
        this.redis = redis;
        this.json = json;
    }

    /** Writes a lease lapsing at {@code until} (epoch ms); completes when Redis has both parts. */
    public CompletableFuture<Void> hold(String provider, String member, LeasedRecord record, long until) {
        CompletableFuture<Long> stored = redis.async().hset(RedisKeys.leaseRecords(provider), member,
                json.toJson(record)).toCompletableFuture().thenApply(added -> added ? 1L : 0L);
        CompletableFuture<Long> scored = redis.async().zadd(RedisKeys.leases(provider), (double) until, member)
                .toCompletableFuture();
        return CompletableFuture.allOf(stored, scored);
    }

    /** Moves the lapse of the given leases (those still there) to {@code until}; one command. */
    public CompletableFuture<Long> renew(String provider, Collection<String> members, long until) {
        if (members.isEmpty()) {
            return CompletableFuture.completedFuture(0L);
        }
        List<ScoredValue<String>> values = new ArrayList<>(members.size());
        for (String member : members) {
            values.add(ScoredValue.just((double) until, member));
        }
        @SuppressWarnings("unchecked")
        ScoredValue<String>[] array = values.toArray(ScoredValue[]::new);
        return redis.async().zadd(RedisKeys.leases(provider), ZAddArgs.Builder.xx().ch(), array)
                .toCompletableFuture();
    }

    /** Ends a lease: the attempt is settled. Not waited for; a lease left behind only repeats a finished attempt. */
    public CompletableFuture<Void> end(String provider, String member) {
        return CompletableFuture.allOf(
                redis.async().zrem(RedisKeys.leases(provider), member).toCompletableFuture(),
                redis.async().hdel(RedisKeys.leaseRecords(provider), member).toCompletableFuture());
    }

    /** Lets a lease lapse now, so that a reaper publishes its record again at its next look. */
    public CompletableFuture<Long> lapse(String provider, String member) {
        return redis.async().zadd(RedisKeys.leases(provider), ZAddArgs.Builder.xx().ch(), 0d, member)
                .toCompletableFuture();
    }

    /** Takes up to {@code limit} leases lapsed by {@code now}, holding them until {@code takenUntil}. */
    public List<Lapsed> takeLapsed(String provider, long now, long takenUntil, int limit) {
        String[] keys = {RedisKeys.leases(provider), RedisKeys.leaseRecords(provider)};
        String[] args = {Long.toString(now), Long.toString(takenUntil), Integer.toString(limit)};
        List<Object> flat = RedisScript.join(takeLapsed.<List<Object>>evalAsync(redis, ScriptOutputType.MULTI, keys,
                args));
        List<Lapsed> lapsed = new ArrayList<>(flat.size() / 2);
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            String member = (String) flat.get(i);
            String text = (String) flat.get(i + 1);
            lapsed.add(new Lapsed(member, text == null || text.isEmpty() ? null
                    : json.fromJson(text, LeasedRecord.class)));
        }
        return lapsed;
    }

    /** Drops a lease this reaper took, unless a worker has leased the member since (true when dropped). */
    public CompletableFuture<Boolean> dropTaken(String provider, String member, long takenUntil) {
        return dropTaken.<Long>evalAsync(redis, ScriptOutputType.INTEGER,
                new String[] {RedisKeys.leases(provider), RedisKeys.leaseRecords(provider)}, member,
                Long.toString(takenUntil)).thenApply(dropped -> dropped != null && dropped == 1L);
    }

    /** Leases of a provider, lapsed or not (for tests and diagnostics). */
    public long count(String provider) {
        return RedisScript.join(redis.async().zcard(RedisKeys.leases(provider)).toCompletableFuture());
    }

    /** A lapsed lease taken by a reaper; {@code record} is null when its record is gone. */
    public record Lapsed(String member, LeasedRecord record) {
    }
}
