package dev.llmpool.core.batch;

import dev.llmpool.core.redis.RedisScript;
import dev.llmpool.schemas.names.RedisKeys;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Batch records in Redis ({@code llmpool:batch:{id}} hashes, every write renewing their TTL), the index for listing,
 * the set of batches not final yet, each batch's stop flag, its part objects, and the lease a runner holds while it
 * works on it. Status changes are compare-and-set ({@link #transition}): two runners cannot both move a batch.
 */
public class BatchRecords {

    private final StatefulRedisConnection<String, String> redis;
    private final long ttlMillis;
    private final RedisScript create = new RedisScript(BatchScripts.CREATE);
    private final RedisScript transition = new RedisScript(BatchScripts.TRANSITION);
    private final RedisScript renew = new RedisScript(BatchScripts.RENEW);
    private final RedisScript release = new RedisScript(BatchScripts.RELEASE);

    public BatchRecords(StatefulRedisConnection<String, String> redis, Duration ttl) {
        this.redis = redis;
        this.ttlMillis = ttl.toMillis();
    }

    /** Stores a new batch (fields from {@link BatchRecord#newBatch}), lists it and marks it active. */
    public void create(Map<String, String> fields, long createdMillis) {
        String id = fields.get(BatchRecord.ID);
        List<String> args = new ArrayList<>(List.of(Long.toString(ttlMillis)));
        fields.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        RedisScript.join(create.evalAsync(redis, ScriptOutputType.INTEGER, new String[] {RedisKeys.batch(id)},
                args.toArray(String[]::new)));
        RedisCommands<String, String> sync = redis.sync();
        sync.zadd(RedisKeys.batches(), (double) createdMillis, id);
        sync.pexpire(RedisKeys.batches(), ttlMillis);
        String tenant = fields.get(BatchRecord.TENANT);
        if (tenant != null) {
            sync.zadd(RedisKeys.tenantBatches(tenant), (double) createdMillis, id);
            sync.pexpire(RedisKeys.tenantBatches(tenant), ttlMillis);
        }
        sync.sadd(RedisKeys.activeBatches(), id);
        sync.pexpire(RedisKeys.activeBatches(), ttlMillis);
    }

    public Optional<BatchRecord> find(String id) {
        Map<String, String> hash = redis.sync().hgetall(RedisKeys.batch(id));
        return hash == null || hash.isEmpty() || !hash.containsKey(BatchRecord.STATUS) ? Optional.empty()
                : Optional.of(new BatchRecord(hash));
    }

    /** The batch's status alone, empty when there is no such batch. */
    public Optional<BatchStatus> status(String id) {
        String status = redis.sync().hget(RedisKeys.batch(id), BatchRecord.STATUS);
        return status == null ? Optional.empty() : Optional.of(BatchStatus.parse(status));
    }

    /** Batches newest first, after the batch {@code after} (exclusive; an unknown cursor gives an empty page). */
    public ListPage<BatchRecord> list(String after, int limit) {
        return list(null, after, limit);
    }

    /** {@link #list(String, int)} of one tenant's batches ({@code tenant} null: every batch). */
    public ListPage<BatchRecord> list(String tenant, String after, int limit) {
        RedisCommands<String, String> sync = redis.sync();
        String index = tenant == null ? RedisKeys.batches() : RedisKeys.tenantBatches(tenant);
        long start = 0;
        if (after != null) {
            Long rank = sync.zrevrank(index, after);
            if (rank == null) {
                return ListPage.of(List.of(), false, BatchRecord::id);
            }
            start = rank + 1;
        }
        List<String> ids = sync.zrevrange(index, start, start + limit);
        boolean more = ids.size() > limit;
        List<BatchRecord> page = new ArrayList<>();
        for (String id : more ? ids.subList(0, limit) : ids) {
            find(id).ifPresentOrElse(page::add, () -> sync.zrem(index, id));
        }
        return ListPage.of(page, more, BatchRecord::id);
    }

    /**
     * Moves the batch to {@code to} if its status is one of {@code from}, setting {@code fields} with it; a final
     * status also takes it off the active set. True when this call moved it.
     */
    public boolean transition(String id, Set<BatchStatus> from, BatchStatus to, Map<String, String> fields) {
        List<String> args = new ArrayList<>(List.of(Long.toString(ttlMillis), to.json(),
                Integer.toString(from.size())));
        from.forEach(status -> args.add(status.json()));
        fields.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        Long moved = RedisScript.join(transition.evalAsync(redis, ScriptOutputType.INTEGER,
                new String[] {RedisKeys.batch(id)}, args.toArray(String[]::new)));
        boolean done = moved != null && moved == 1L;
        if (done && to.isFinal()) {
            redis.sync().srem(RedisKeys.activeBatches(), id);
        }
        return done;
    }

    /** Sets fields of an existing batch (a checkpoint, a total) without touching its status. */
    public void set(String id, Map<String, String> fields) {
        RedisCommands<String, String> sync = redis.sync();
        if (sync.exists(RedisKeys.batch(id)) == 0) {
            return;
        }
        sync.hset(RedisKeys.batch(id), new LinkedHashMap<>(fields));
        sync.pexpire(RedisKeys.batch(id), ttlMillis);
    }

    /** Ids of the batches that are not final yet. */
    public Set<String> active() {
        return redis.sync().smembers(RedisKeys.activeBatches());
    }

    /** Takes a batch whose record is gone off the active set. */
    public void forget(String id) {
        redis.sync().srem(RedisKeys.activeBatches(), id);
    }

    /** Raises the batch's stop flag: its lines should not start any more. */
    public void stop(String id) {
        redis.sync().set(RedisKeys.batchStop(id), "1", SetArgs.Builder.px(ttlMillis));
    }

    public boolean stopped(String id) {
        return redis.sync().exists(RedisKeys.batchStop(id)) > 0;
    }

    /** Records a part object of the batch (stored before it is recorded here). */
    public void addPart(String id, String key) {
        redis.sync().sadd(RedisKeys.batchParts(id), key);
        redis.sync().pexpire(RedisKeys.batchParts(id), ttlMillis);
    }

    /** The batch's part objects, in key order. */
    public List<String> parts(String id) {
        return redis.sync().smembers(RedisKeys.batchParts(id)).stream().sorted().toList();
    }

    public void clearParts(String id) {
        redis.sync().del(RedisKeys.batchParts(id));
    }

    /** The lease on a batch's work: empty when another runner holds it. */
    public Optional<Lease> lease(String id, Duration ttl) {
        String token = UUID.randomUUID().toString();
        String ok = redis.sync().set(RedisKeys.batchLease(id), token, SetArgs.Builder.nx().px(ttl.toMillis()));
        return "OK".equals(ok) ? Optional.of(new Lease(id, token, ttl)) : Optional.empty();
    }

    /** A runner's hold on a batch; renewed while it works, released after. */
    public final class Lease implements AutoCloseable {
        private final String id;
        private final String token;
        private final Duration ttl;

        private Lease(String id, String token, Duration ttl) {
            this.id = id;
            this.token = token;
            this.ttl = ttl;
        }

        /** False when the lease was lost (it lapsed and another runner took it). */
        public boolean renew() {
            Long held = RedisScript.join(renew.evalAsync(redis, ScriptOutputType.INTEGER,
                    new String[] {RedisKeys.batchLease(id)}, token, Long.toString(ttl.toMillis())));
            return held != null && held == 1L;
        }

        @Override
        public void close() {
            RedisScript.join(release.evalAsync(redis, ScriptOutputType.INTEGER,
                    new String[] {RedisKeys.batchLease(id)}, token));
        }
    }
}
