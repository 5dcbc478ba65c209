package dev.llmpool.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.llmpool.embedded.redis.EmbeddedRedis;
import dev.llmpool.embedded.redis.EmbeddedRedisSettings;
import dev.llmpool.schemas.names.RedisKeys;
import dev.llmpool.testing.MovableClock;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The record key shared through a real Redis, as processes of one pool without a configured key use it: the first
 * stores its key and the others take it; a key changed or lost in Redis is noticed at the next refresh.
 */
class SharedRecordKeyIT {

    private static final Duration REFRESH = Duration.ofSeconds(30);
    private static final Duration SAFETY_NET = Duration.ofSeconds(30);

    private static EmbeddedRedis server;
    private static RedisClient client;

    private final SecureRandom random = new SecureRandom();
    private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private StatefulRedisConnection<String, String> redis;

    @BeforeAll
    static void startRedis() {
        server = EmbeddedRedis.start(EmbeddedRedisSettings.ephemeral());
        client = RedisClient.create(server.url());
    }

    @AfterAll
    static void stopRedis() {
        client.shutdown();
        server.close();
    }

    @BeforeEach
    void connect() {
        redis = client.connect();
        redis.sync().del(RedisKeys.recordKey());
    }

    @AfterEach
    void disconnect() {
        redis.close();
    }

    @Test
    void theFirstProcessStoresItsKeyAndEveryOtherSignsWithTheSameOne() {
        SharedRecordKey first = join();
        SharedRecordKey second = join();

        assertThat(second.signing()).isEqualTo(first.signing());
        assertThat(redis.sync().get(RedisKeys.recordKey())).isNotNull();
        assertThat(redis.sync().ttl(RedisKeys.recordKey())).as("no TTL").isEqualTo(-1L);
        assertThat(first.accepted()).containsExactly(first.signing());
    }

    @Test
    void aKeyChangedInRedisIsAdoptedAtTheNextRefreshAndTheOneBeforeStaysAccepted() {
        SharedRecordKey shared = join();
        RecordKey before = shared.signing();
        String rotated = newKey();
        redis.sync().set(RedisKeys.recordKey(), rotated);

        shared.signing();
        redis.sync().ping(); // anything the call above sent on the connection has been answered by now
        assertThat(shared.signing()).as("read again only after the interval").isEqualTo(before);

        clock.advance(REFRESH);
        await().atMost(SAFETY_NET).until(() -> shared.signing().equals(RecordKey.parse(rotated, "rotated")));
        assertThat(shared.accepted()).containsExactly(RecordKey.parse(rotated, "rotated"), before);
    }

    @Test
    void aKeyLostFromRedisIsStoredAgainFromTheProcessesOwn() {
        SharedRecordKey shared = join();
        RecordKey own = shared.signing();
        redis.sync().del(RedisKeys.recordKey());

        clock.advance(REFRESH);
        shared.signing();

        await().atMost(SAFETY_NET).until(() -> redis.sync().get(RedisKeys.recordKey()) != null);
        assertThat(RecordKey.parse(redis.sync().get(RedisKeys.recordKey()), "stored")).isEqualTo(own);
        assertThat(join().signing()).as("a process started now").isEqualTo(own);
    }

    @Test
    void previousKeysConfiguredBesideTheSharedOneAreAccepted() {
        RecordKey previous = RecordKey.random(random);
        SharedRecordKey shared = SharedRecordKey.join(redis, random, clock, REFRESH, List.of(previous));

        assertThat(shared.accepted()).containsExactly(shared.signing(), previous);
    }

    private SharedRecordKey join() {
        return SharedRecordKey.join(redis, random, clock, REFRESH, List.of());
    }

    private String newKey() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
