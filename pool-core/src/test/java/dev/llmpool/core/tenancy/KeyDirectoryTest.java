package dev.llmpool.core.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KeyDirectoryTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-06T10:00:00Z"));
    private final FakeSource source = new FakeSource();
    private final KeyDirectory directory = new KeyDirectory(source, null, clock, Duration.ofSeconds(5));

    private static final String SECRET = "sk-llmpool-abc";

    private ApiKey key(boolean revoked) {
        return ApiKey.builder().id("key_1").tenant("acme").hash(KeySecrets.hash(SECRET)).revoked(revoked).build();
    }

    @Test
    void aKeyLookedUpIsKeptSoTheNextRequestsCostNoRedisCall() {
        source.keys.put(KeySecrets.hash(SECRET), key(false));
        assertThat(directory.find(SECRET)).isPresent();
        assertThat(directory.find(SECRET)).isPresent();
        assertThat(source.lookups).hasValue(1);
        assertThat(directory.find("sk-llmpool-unknown")).isEmpty();
        assertThat(directory.find("sk-llmpool-unknown")).isEmpty();
        assertThat(source.lookups).hasValue(2);
    }

    @Test
    void aChangeAnnouncedIsSeenAtOnce() {
        source.keys.put(KeySecrets.hash(SECRET), key(false));
        directory.find(SECRET);
        source.keys.put(KeySecrets.hash(SECRET), key(true));
        assertThat(directory.find(SECRET)).hasValueSatisfying(k -> assertThat(k.revoked()).isFalse());
        directory.changed(KeySecrets.hash(SECRET));
        assertThat(directory.find(SECRET)).hasValueSatisfying(k -> assertThat(k.revoked()).isTrue());
    }

    @Test
    void aMissedChangeIsSeenWithinTheTtlByTheVersionCounter() {
        source.keys.put(KeySecrets.hash(SECRET), key(false));
        assertThat(directory.anyKeys()).isTrue();
        clock.advance(Duration.ofSeconds(4));
        directory.find(SECRET); // cached for 5 s from now
        source.keys.put(KeySecrets.hash(SECRET), key(true)); // and the announcement is lost
        source.version = "2";
        clock.advance(Duration.ofSeconds(2));
        assertThat(directory.find(SECRET)).hasValueSatisfying(k -> assertThat(k.revoked()).isFalse());
        assertThat(directory.anyKeys()).isTrue(); // read again: the version moved, the cache is dropped
        assertThat(directory.find(SECRET)).hasValueSatisfying(k -> assertThat(k.revoked()).isTrue());
    }

    @Test
    void thePoolIsOpenWhileNoKeyExists() {
        assertThat(directory.anyKeys()).isFalse();
        source.keys.put("h", key(false));
        directory.changed("h");
        assertThat(directory.anyKeys()).isTrue();
    }

    private static final class FakeSource implements KeyDirectory.Source {
        final Map<String, ApiKey> keys = new HashMap<>();
        final AtomicInteger lookups = new AtomicInteger();
        String version = "1";

        @Override
        public Optional<ApiKey> findByHash(String hash) {
            lookups.incrementAndGet();
            return Optional.ofNullable(keys.get(hash));
        }

        @Override
        public Limits tenantLimits(String tenant) {
            return Limits.NONE;
        }

        @Override
        public boolean any() {
            return !keys.isEmpty();
        }

        @Override
        public String version() {
            return version;
        }
    }
}
