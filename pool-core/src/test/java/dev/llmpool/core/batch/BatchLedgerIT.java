package dev.llmpool.core.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.testing.PoolInfra;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ledger and batch records against a real Redis. */
class BatchLedgerIT {

    private static RedisClient client;
    private static StatefulRedisConnection<String, String> redis;
    private final JsonCodec codec = new JsonCodec();
    private final BatchRecords records = new BatchRecords(redis, Duration.ofHours(1));
    private final BatchLedger ledger = new BatchLedger(redis, Duration.ofHours(1));

    @BeforeAll
    static void connect() {
        client = RedisClient.create(PoolInfra.shared().redisUrl());
        redis = client.connect();
    }

    @AfterAll
    static void disconnect() {
        redis.close();
        client.shutdown();
    }

    private String running(int total) {
        String id = BatchIds.newBatchId();
        records.create(BatchRecord.newBatch(id, "/v1/chat/completions", "file-x", "24h", Duration.ofHours(24),
                Map.of(), Instant.parse("2026-11-21T10:00:00Z"), codec), 1L);
        assertThat(records.transition(id, Set.of(BatchStatus.VALIDATING), BatchStatus.IN_PROGRESS,
                Map.of(BatchRecord.TOTAL, Integer.toString(total)))).isTrue();
        return id;
    }

    private static BatchLedger.Mark completed(String id) {
        return new BatchLedger.Mark(id, LineState.COMPLETED, 10, 5);
    }

    @Test
    void aLineDeliveredManyTimesIsCountedOnceWithItsFirstState() {
        String id = running(3);
        assertThat(ledger.record(id, List.of(completed("a"), completed("a"))).recorded()).isEqualTo(1);
        assertThat(ledger.record(id, List.of(completed("a"),
                new BatchLedger.Mark("a", LineState.FAILED, 0, 0))).recorded()).isZero();

        BatchRecord batch = records.find(id).orElseThrow();
        assertThat(batch.completed()).isEqualTo(1);
        assertThat(batch.failed()).isZero();
        assertThat(batch.toObject(codec).usage().totalTokens()).isEqualTo(15);
        assertThat(ledger.states(id)).containsExactly(Map.entry("a", LineState.COMPLETED));
    }

    @Test
    void runnersRecordingTheSameResultsAtOnceCountEachLineOnce() throws Exception {
        String id = running(200);
        List<BatchLedger.Mark> marks = java.util.stream.IntStream.range(0, 200)
                .mapToObj(i -> completed("line-" + i)).toList();
        try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
            List<Future<BatchLedger.Marked>> runs = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                runs.add(threads.submit(() -> ledger.record(id, marks)));
            }
            int recorded = 0;
            boolean done = false;
            for (Future<BatchLedger.Marked> run : runs) {
                recorded += run.get().recorded();
                done |= run.get().done();
            }
            assertThat(recorded).isEqualTo(200);
            assertThat(done).isTrue();
        }
        assertThat(records.find(id).orElseThrow().completed()).isEqualTo(200);
    }

    @Test
    void theLastLineMakesTheBatchDone() {
        String id = running(2);
        assertThat(ledger.record(id, List.of(completed("a"))).done()).isFalse();
        assertThat(ledger.record(id, List.of(new BatchLedger.Mark("b", LineState.FAILED, 0, 0))).done()).isTrue();
    }

    @Test
    void aFinalizingBatchTakesNoMoreResultsButItsNeverRunLines() {
        String id = running(3);
        ledger.record(id, List.of(completed("a")));
        assertThat(records.transition(id, Set.of(BatchStatus.IN_PROGRESS), BatchStatus.FINALIZING, Map.of()))
                .isTrue();

        BatchLedger.Marked late = ledger.record(id, List.of(completed("b")));
        assertThat(late.closed()).isTrue();
        assertThat(late.recorded()).isZero();
        BatchLedger.Marked closing = ledger.close(id, List.of(new BatchLedger.Mark("b", LineState.EXPIRED, 0, 0),
                new BatchLedger.Mark("c", LineState.EXPIRED, 0, 0), new BatchLedger.Mark("a", LineState.EXPIRED, 0,
                        0)));
        assertThat(closing.recorded()).isEqualTo(2);
        assertThat(closing.done()).isTrue();
        BatchRecord batch = records.find(id).orElseThrow();
        assertThat(batch.completed()).isEqualTo(1);
        assertThat(batch.failed()).isEqualTo(2);
        assertThat(ledger.states(id)).containsEntry("a", LineState.COMPLETED).containsEntry("c", LineState.EXPIRED);
    }

    @Test
    void onlyOneRunnerMovesABatchAndHoldsItsLease() {
        String id = running(1);
        assertThat(records.transition(id, Set.of(BatchStatus.IN_PROGRESS), BatchStatus.CANCELLING, Map.of()))
                .isTrue();
        assertThat(records.transition(id, Set.of(BatchStatus.IN_PROGRESS), BatchStatus.CANCELLING, Map.of()))
                .isFalse();
        var lease = records.lease(id, Duration.ofSeconds(30)).orElseThrow();
        assertThat(records.lease(id, Duration.ofSeconds(30))).isEmpty();
        assertThat(lease.renew()).isTrue();
        lease.close();
        assertThat(records.lease(id, Duration.ofSeconds(30))).isPresent();
        assertThat(records.transition(id, Set.of(BatchStatus.CANCELLING), BatchStatus.CANCELLED, Map.of()))
                .isTrue();
        assertThat(records.active()).doesNotContain(id);
    }

    @Test
    void filesAreListedNewestFirstPageByPageAndByPurpose() {
        FileRecords files = new FileRecords(redis, codec, Duration.ofHours(1));
        String purpose = "batch";
        List<String> ids = java.util.stream.IntStream.range(0, 5).mapToObj(i -> BatchIds.newFileId()).toList();
        long base = System.currentTimeMillis() * 10;
        for (int i = 0; i < ids.size(); i++) {
            files.save(FileObject.of(ids.get(i), i, 1, null, "f" + i, purpose), base + i);
        }
        ListPage<FileObject> first = files.list(purpose, null, 2, false);
        assertThat(first.data()).extracting(FileObject::id).containsExactly(ids.get(4), ids.get(3));
        assertThat(first.hasMore()).isTrue();
        ListPage<FileObject> second = files.list(purpose, first.lastId(), 2, false);
        assertThat(second.data()).extracting(FileObject::id).containsExactly(ids.get(2), ids.get(1));
        assertThat(files.delete(ids.get(2))).isTrue();
        assertThat(files.find(ids.get(2))).isEmpty();
        assertThat(files.list(purpose, ids.get(3), 2, false).data()).extracting(FileObject::id)
                .containsExactly(ids.get(1), ids.get(0));
        assertThat(files.list(purpose, ids.get(3), 10, true).data()).extracting(FileObject::id)
                .containsExactly(ids.get(4));
    }
}
