package dev.llmpool.core.tenancy;

import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.RedisKeys;
import io.lettuce.core.KeyValue;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * API keys and tenants' own limits in Redis. A key is stored under the SHA-256 of the key ({@link ApiKey}, JSON), the
 * key itself nowhere; {@code llmpool:apikeys} maps each key's id to its hash. Every change raises
 * {@code llmpool:apikeys:version} and is announced on {@code llmpool:apikeys:changed}, so every gateway's
 * {@link KeyDirectory} forgets what it cached at once.
 */
public class ApiKeys {

    /** Announced when every cached entry should go (a tenant's limits changed). */
    public static final String EVERYTHING = "*";

    private final StatefulRedisConnection<String, String> redis;
    private final JsonCodec codec;
    private final Clock clock;
    private final KeySecrets secrets = new KeySecrets();

    public ApiKeys(StatefulRedisConnection<String, String> redis, JsonCodec codec, Clock clock) {
        this.redis = redis;
        this.codec = codec;
        this.clock = clock;
    }

    /** A new key of {@code tenant}; its secret is in the answer only. */
    public IssuedKey create(String tenant, String name, Limits limits, List<String> models, Instant expiresAt) {
        String secret = secrets.newKey();
        String hash = KeySecrets.hash(secret);
        ApiKey key = ApiKey.builder().id(KeySecrets.id(hash)).tenant(TenantNames.require(tenant)).name(name)
                .hash(hash).limits(limits).models(models).createdAt(clock.instant()).expiresAt(expiresAt)
                .revoked(false).build();
        save(key);
        return new IssuedKey(secret, key);
    }

    /** The key whose SHA-256 is {@code hash}. */
    public Optional<ApiKey> findByHash(String hash) {
        String json = redis.sync().get(RedisKeys.apiKey(hash));
        return json == null ? Optional.empty() : Optional.of(codec.fromJson(json, ApiKey.class));
    }

    /** The key with this id. */
    public Optional<ApiKey> find(String id) {
        String hash = id == null ? null : redis.sync().hget(RedisKeys.apiKeys(), id);
        return hash == null ? Optional.empty() : findByHash(hash);
    }

    /** Every key, or every key of {@code tenant}, oldest first. */
    public List<ApiKey> list(String tenant) {
        RedisCommands<String, String> sync = redis.sync();
        Map<String, String> ids = sync.hgetall(RedisKeys.apiKeys());
        List<ApiKey> keys = new ArrayList<>();
        if (ids.isEmpty()) {
            return keys;
        }
        for (KeyValue<String, String> value : sync.mget(ids.values().stream().map(RedisKeys::apiKey)
                .toArray(String[]::new))) {
            if (value.hasValue()) {
                ApiKey key = codec.fromJson(value.getValue(), ApiKey.class);
                if (tenant == null || tenant.equals(key.tenant())) {
                    keys.add(key);
                }
            }
        }
        keys.sort(Comparator.comparing(ApiKey::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(ApiKey::id));
        return keys;
    }

    /** Whether any key exists: with none, the pool is open (see the README, "Keys, limits and budgets"). */
    public boolean any() {
        return redis.sync().hlen(RedisKeys.apiKeys()) > 0;
    }

    /** Refuses the key from now on; the key as it is now, empty when there is no such key. */
    public Optional<ApiKey> revoke(String id) {
        return find(id).map(key -> {
            ApiKey revoked = key.withRevoked(true);
            save(revoked);
            return revoked;
        });
    }

    /** A new key with the old one's tenant, name, limits, models and expiry; the old one revoked. */
    public Optional<IssuedKey> rotate(String id) {
        return find(id).map(old -> {
            IssuedKey fresh = create(old.tenant(), old.name(), old.limits(), old.models(), old.expiresAt());
            save(old.withRevoked(true));
            return fresh;
        });
    }

    /** Forgets the key altogether (its usage stays in the ledger); false when there was none. */
    public boolean delete(String id) {
        Optional<ApiKey> key = find(id);
        if (key.isEmpty()) {
            return false;
        }
        RedisCommands<String, String> sync = redis.sync();
        sync.del(RedisKeys.apiKey(key.get().hash()));
        sync.hdel(RedisKeys.apiKeys(), id);
        changed(key.get().hash());
        return true;
    }

    /** A tenant's own limits ({@link Limits#NONE} when it has none). */
    public Limits tenantLimits(String tenant) {
        String json = tenant == null ? null : redis.sync().get(RedisKeys.tenant(tenant));
        return json == null ? Limits.NONE : codec.fromJson(json, Limits.class);
    }

    /** Sets (or, with {@link Limits#NONE}, clears) a tenant's own limits. */
    public void setTenantLimits(String tenant, Limits limits) {
        TenantNames.require(tenant);
        RedisCommands<String, String> sync = redis.sync();
        if (limits == null || limits.none()) {
            sync.del(RedisKeys.tenant(tenant));
            sync.hdel(RedisKeys.tenants(), tenant);
        } else {
            String json = codec.toJson(limits);
            sync.set(RedisKeys.tenant(tenant), json);
            sync.hset(RedisKeys.tenants(), tenant, json);
        }
        changed(EVERYTHING);
    }

    /** The tenants with limits of their own. */
    public Map<String, Limits> tenants() {
        Map<String, Limits> tenants = new java.util.TreeMap<>();
        redis.sync().hgetall(RedisKeys.tenants()).forEach((name, json) ->
                tenants.put(name, codec.fromJson(json, Limits.class)));
        return tenants;
    }

    private void save(ApiKey key) {
        RedisCommands<String, String> sync = redis.sync();
        sync.set(RedisKeys.apiKey(key.hash()), codec.toJson(key));
        sync.hset(RedisKeys.apiKeys(), key.id(), key.hash());
        changed(key.hash());
    }

    private void changed(String what) {
        RedisCommands<String, String> sync = redis.sync();
        sync.incr(RedisKeys.apiKeysVersion());
        sync.publish(RedisKeys.apiKeysChanged(), what);
    }
}
