package dev.llmpool.core.tenancy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.llmpool.schemas.names.RedisKeys;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's view of the keys, so authenticating costs no Redis call on the hot path: each key looked up is kept
 * for {@code ttl} (unknown keys too, so a flood of bad keys does not reach Redis either), each tenant's limits as
 * well, and whether any key exists. A change of a key ({@link ApiKeys}) is announced on
 * {@code llmpool:apikeys:changed}, and the entry goes at once; should a message be missed (Redis restarted, the
 * subscription lost), the version counter read with "any key exists", every {@code ttl} at most, clears everything.
 * So a revoked key is refused at once where the message arrives, and everywhere within {@code ttl} whatever happens.
 */
public class KeyDirectory implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KeyDirectory.class);
    private static final String ANY = "any";

    /** What the directory reads from Redis. */
    public interface Source {
        Optional<ApiKey> findByHash(String hash);

        Limits tenantLimits(String tenant);

        boolean any();

        String version();
    }

    private final Source source;
    private final Cache<String, Optional<ApiKey>> keys;
    private final Cache<String, Limits> tenants;
    private final Cache<String, Boolean> anyKeys;
    private final StatefulRedisPubSubConnection<String, String> pubsub;
    private volatile String version;

    /** @param pubsub a pub/sub connection of its own (closed with the directory), or null not to listen */
    public KeyDirectory(Source source, StatefulRedisPubSubConnection<String, String> pubsub, Clock clock,
                        Duration ttl) {
        this.source = source;
        Ticker ticker = () -> clock.millis() * 1_000_000L;
        this.keys = Caffeine.newBuilder().ticker(ticker).expireAfterWrite(ttl).maximumSize(100_000).build();
        this.tenants = Caffeine.newBuilder().ticker(ticker).expireAfterWrite(ttl).maximumSize(100_000).build();
        this.anyKeys = Caffeine.newBuilder().ticker(ticker).expireAfterWrite(ttl).build();
        this.pubsub = pubsub;
        if (pubsub != null) {
            pubsub.addListener(new RedisPubSubAdapter<>() {
                /**
                 * Off Lettuce's event loop: forgetting a key waits while a lookup of it is loading, and that lookup
                 * may wait for a reply this very event loop thread has to read (a deadlock until the command timed
                 * out, and the request a 503).
                 */
                @Override
                public void message(String channel, String message) {
                    Thread.ofVirtual().name("llmpool-key-changed").start(() -> changed(message));
                }
            });
            pubsub.sync().subscribe(RedisKeys.apiKeysChanged());
        }
    }

    /** A directory over {@link ApiKeys} in Redis. */
    public static Source source(ApiKeys store, Supplier<String> version) {
        return new Source() {
            @Override
            public Optional<ApiKey> findByHash(String hash) {
                return store.findByHash(hash);
            }

            @Override
            public Limits tenantLimits(String tenant) {
                return store.tenantLimits(tenant);
            }

            @Override
            public boolean any() {
                return store.any();
            }

            @Override
            public String version() {
                return version.get();
            }
        };
    }

    /** The key {@code secret} names, if it exists (revoked and expired keys included: the caller judges them). */
    public Optional<ApiKey> find(String secret) {
        if (secret == null || secret.isEmpty()) {
            return Optional.empty();
        }
        return keys.get(KeySecrets.hash(secret), source::findByHash);
    }

    /** A tenant's own limits. */
    public Limits tenantLimits(String tenant) {
        return tenant == null ? Limits.NONE : tenants.get(tenant, source::tenantLimits);
    }

    /** Whether any key exists (read again every {@code ttl} at most, with the version counter). */
    public boolean anyKeys() {
        return anyKeys.get(ANY, k -> {
            String now = source.version();
            if (!Objects.equals(now, version)) {
                if (version != null) {
                    log.debug("API keys changed (version {} -> {}): forgetting cached keys", version, now);
                }
                version = now;
                keys.invalidateAll();
                tenants.invalidateAll();
            }
            return source.any();
        });
    }

    /** Forgets a key (its hash) or, for {@link ApiKeys#EVERYTHING}, everything. */
    public void changed(String what) {
        if (ApiKeys.EVERYTHING.equals(what)) {
            keys.invalidateAll();
            tenants.invalidateAll();
        } else if (what != null) {
            keys.invalidate(what);
        }
        anyKeys.invalidateAll();
    }

    @Override
    public void close() {
        if (pubsub != null) {
            pubsub.close();
        }
    }
}
