package dev.llmpool.core.batch;

import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.RedisKeys;
import io.lettuce.core.KeyValue;
import io.lettuce.core.Range;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * File objects in Redis: each as JSON under {@code llmpool:file:{id}} with a TTL ({@code llmpool.files.ttl}), indexed
 * by creation in {@code llmpool:files:all} and {@code llmpool:files:<purpose>} for listing. An index entry whose record
 * expired is skipped and removed when a listing meets it; {@link #expired} finds them for the sweep that deletes
 * their bytes.
 */
public class FileRecords {

    /** The purposes the pool keeps an index of. */
    public static final List<String> PURPOSES = List.of(FileObject.PURPOSE_BATCH, FileObject.PURPOSE_BATCH_OUTPUT);
    /** The kind of object in {@link RedisKeys#owner}. */
    static final String OWNER_KIND = "file";

    private final StatefulRedisConnection<String, String> redis;
    private final JsonCodec codec;
    private final Duration ttl;

    public FileRecords(StatefulRedisConnection<String, String> redis, JsonCodec codec, Duration ttl) {
        this.redis = redis;
        this.codec = codec;
        this.ttl = ttl;
    }

    /** How long a file is kept; {@code expires_at} of new files. */
    public Duration ttl() {
        return ttl;
    }

    /** Stores (or replaces) a file object of no tenant and indexes it by {@code createdMillis}. */
    public void save(FileObject file, long createdMillis) {
        save(file, createdMillis, null);
    }

    /**
     * Stores (or replaces) a file object of {@code tenant} (null: none) and indexes it by {@code createdMillis}, in the
     * pool's indexes and, of a tenant, in the tenant's own.
     */
    public void save(FileObject file, long createdMillis, String tenant) {
        RedisCommands<String, String> sync = redis.sync();
        sync.set(RedisKeys.file(file.id()), codec.toJson(file), SetArgs.Builder.px(ttl.toMillis()));
        if (tenant != null) {
            sync.set(RedisKeys.owner(OWNER_KIND, file.id()), tenant, SetArgs.Builder.px(ttl.toMillis()));
        }
        List<String> indexes = new ArrayList<>(List.of(RedisKeys.files(null), RedisKeys.files(file.purpose())));
        if (tenant != null) {
            indexes.add(RedisKeys.tenantFiles(tenant, null));
            indexes.add(RedisKeys.tenantFiles(tenant, file.purpose()));
        }
        for (String index : indexes) {
            sync.zadd(index, (double) createdMillis, file.id());
            sync.pexpire(index, ttl.toMillis());
        }
    }

    /** The tenant a file belongs to, or null for a file of none. */
    public String owner(String id) {
        return redis.sync().get(RedisKeys.owner(OWNER_KIND, id));
    }

    public Optional<FileObject> find(String id) {
        String json = redis.sync().get(RedisKeys.file(id));
        return json == null ? Optional.empty() : Optional.of(codec.fromJson(json, FileObject.class));
    }

    /**
     * A page of files, newest first unless {@code ascending}, after the file {@code after} (exclusive; an unknown
     * cursor gives an empty page).
     */
    public ListPage<FileObject> list(String purpose, String after, int limit, boolean ascending) {
        return list(null, purpose, after, limit, ascending);
    }

    /** {@link #list(String, String, int, boolean)} of one tenant's files ({@code tenant} null: every file). */
    public ListPage<FileObject> list(String tenant, String purpose, String after, int limit, boolean ascending) {
        String index = tenant == null ? RedisKeys.files(purpose) : RedisKeys.tenantFiles(tenant, purpose);
        RedisCommands<String, String> sync = redis.sync();
        long start = 0;
        if (after != null) {
            Long rank = ascending ? sync.zrank(index, after) : sync.zrevrank(index, after);
            if (rank == null) {
                return ListPage.of(List.of(), false, FileObject::id);
            }
            start = rank + 1;
        }
        List<String> ids = ascending ? sync.zrange(index, start, start + limit) : sync.zrevrange(index, start,
                start + limit);
        boolean more = ids.size() > limit;
        List<String> page = more ? ids.subList(0, limit) : ids;
        List<FileObject> files = new ArrayList<>();
        if (!page.isEmpty()) {
            List<KeyValue<String, String>> values = sync.mget(page.stream().map(RedisKeys::file)
                    .toArray(String[]::new));
            for (int i = 0; i < page.size(); i++) {
                KeyValue<String, String> value = values.get(i);
                if (value.hasValue()) {
                    files.add(codec.fromJson(value.getValue(), FileObject.class));
                } else {
                    sync.zrem(index, page.get(i));
                }
            }
        }
        return ListPage.of(files, more, FileObject::id);
    }

    /** Removes the record and its index entries; false when there was none. */
    public boolean delete(String id) {
        RedisCommands<String, String> sync = redis.sync();
        String tenant = owner(id);
        boolean existed = sync.del(RedisKeys.file(id)) > 0;
        sync.del(RedisKeys.owner(OWNER_KIND, id));
        sync.zrem(RedisKeys.files(null), id);
        PURPOSES.forEach(purpose -> sync.zrem(RedisKeys.files(purpose), id));
        if (tenant != null) {
            sync.zrem(RedisKeys.tenantFiles(tenant, null), id);
            PURPOSES.forEach(purpose -> sync.zrem(RedisKeys.tenantFiles(tenant, purpose), id));
        }
        return existed;
    }

    /** Ids of files created before {@code now - ttl}: their records are gone, their bytes may not be. */
    public List<String> expired(Instant now, int limit) {
        return redis.sync().zrangebyscore(RedisKeys.files(null),
                Range.create(Double.NEGATIVE_INFINITY, (double) now.minus(ttl).toEpochMilli()),
                io.lettuce.core.Limit.create(0, limit));
    }
}
