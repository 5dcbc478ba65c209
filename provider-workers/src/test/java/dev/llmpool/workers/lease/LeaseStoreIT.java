package dev.llmpool.workers.lease;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.testing.PoolInfra;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The leases' Redis side on a real Redis: what lapses, what renewal keeps, and that two reapers never share one. */
class LeaseStoreIT {

    private static RedisClient client;
    private static StatefulRedisConnection<String, String> first;
    private static StatefulRedisConnection<String, String> second;
    private static final JsonCodec JSON = new JsonCodec();

    @BeforeAll
    static void connect() {
        client = RedisClient.create(PoolInfra.shared().redisUrl());
        first = client.connect();
        second = client.connect();
    }

    @AfterAll
    static void close() {
        first.close();
        second.close();
        client.shutdown();
    }

    private static String provider() {
        return "lease-it-" + UUID.randomUUID();
    }

    private static LeasedRecord record(String id) {
        return new LeasedRecord(id, "{\"attempt\":\"" + id + "\"}", Map.of("llmpool-correlation-id", id),
                "llm.provider.x-0@" + id.hashCode());
    }

    @Test
    void onlyLapsedLeasesAreTakenWithTheirRecordsAndATakenLeaseIsNotTakenAgainUntilItsTakeEnds() {
        LeaseStore store = new LeaseStore(first, JSON);
        String provider = provider();
        store.hold(provider, "a:1|r1", record("a"), 1_000).join();
        store.hold(provider, "b:1|r2", record("b"), 5_000).join();

        List<LeaseStore.Lapsed> taken = store.takeLapsed(provider, 2_000, 12_000, 10);
        assertThat(taken).extracting(LeaseStore.Lapsed::member).containsExactly("a:1|r1");
        assertThat(taken.getFirst().record()).isEqualTo(record("a"));
        assertThat(store.takeLapsed(provider, 3_000, 13_000, 10)).as("taken until 12 000").isEmpty();
        assertThat(store.takeLapsed(provider, 12_500, 22_500, 10)).extracting(LeaseStore.Lapsed::member)
                .containsExactlyInAnyOrder("a:1|r1", "b:1|r2");
    }

    @Test
    void aRenewedLeaseDoesNotLapseAndAnEndedOneIsGone() {
        LeaseStore store = new LeaseStore(first, JSON);
        String provider = provider();
        store.hold(provider, "a:1|r1", record("a"), 1_000).join();
        store.hold(provider, "b:1|r2", record("b"), 1_000).join();
        assertThat(store.renew(provider, List.of("a:1|r1", "gone:1|r9"), 9_000).join())
                .as("renewal never creates a lease").isEqualTo(1);
        store.end(provider, "b:1|r2").join();

        assertThat(store.takeLapsed(provider, 2_000, 3_000, 10)).isEmpty();
        assertThat(store.count(provider)).isEqualTo(1);
        store.lapse(provider, "a:1|r1").join();
        assertThat(store.takeLapsed(provider, 2_000, 3_000, 10)).extracting(LeaseStore.Lapsed::member)
                .containsExactly("a:1|r1");
    }

    @Test
    void aTakenLeaseIsDroppedOnlyWhileStillTakenByThatReaper() {
        LeaseStore store = new LeaseStore(first, JSON);
        String provider = provider();
        store.hold(provider, "a:1|r1", record("a"), 1_000).join();
        store.takeLapsed(provider, 2_000, 12_000, 10);
        // meanwhile a worker leased the same member again (its record came back to it)
        store.hold(provider, "a:1|r1", record("a"), 30_000).join();

        assertThat(store.dropTaken(provider, "a:1|r1", 12_000).join()).isFalse();
        assertThat(store.count(provider)).isEqualTo(1);
        store.takeLapsed(provider, 31_000, 41_000, 10);
        assertThat(store.dropTaken(provider, "a:1|r1", 41_000).join()).isTrue();
        assertThat(store.count(provider)).isZero();
    }

    @Test
    void twoReapersTakingAtOnceNeverTakeTheSameLease() throws Exception {
        String provider = provider();
        LeaseStore store = new LeaseStore(first, JSON);
        for (int i = 0; i < 400; i++) {
            store.hold(provider, "job" + i + ":1|r" + i, record("job" + i), 1_000).join();
        }
        LeaseStore one = new LeaseStore(first, JSON);
        LeaseStore two = new LeaseStore(second, JSON);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Callable<List<String>>> reapers = new ArrayList<>();
            for (LeaseStore reaper : List.of(one, two)) {
                reapers.add(() -> {
                    List<String> mine = new ArrayList<>();
                    List<LeaseStore.Lapsed> batch;
                    do {
                        batch = reaper.takeLapsed(provider, 2_000, 60_000, 7);
                        batch.forEach(l -> mine.add(l.member()));
                    } while (!batch.isEmpty());
                    return mine;
                });
            }
            List<Future<List<String>>> results = pool.invokeAll(reapers);
            List<String> a = results.get(0).get();
            List<String> b = results.get(1).get();
            Set<String> both = new HashSet<>(a);
            both.retainAll(b);
            assertThat(both).isEmpty();
            assertThat(a.size() + b.size()).isEqualTo(400);
        } finally {
            pool.shutdownNow();
        }
    }
}
