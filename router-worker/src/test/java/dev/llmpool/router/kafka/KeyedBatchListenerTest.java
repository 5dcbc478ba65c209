package dev.llmpool.router.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeyedBatchListenerTest {

    private final List<String> handled = new CopyOnWriteArrayList<>();
    private final List<String> recovered = new CopyOnWriteArrayList<>();
    private final List<ConsumerRecord<String, byte[]>> taken = new CopyOnWriteArrayList<>();
    private KeyedBatchListener listener;

    @AfterEach
    void close() {
        if (listener != null) {
            listener.close();
        }
    }

    @Test
    void recordsOfOneKeyAreHandledInOffsetOrder() {
        listener = new KeyedBatchListener("test", record -> handled.add(record.key() + "@" + record.offset()),
                taken::add, this::recover, Duration.ofMillis(1), 3);

        listener.onMessage(List.of(record("a", 0), record("b", 1), record("a", 2), record("b", 3), record("a", 4)));

        assertThat(handled.stream().filter(h -> h.startsWith("a")).toList()).containsExactly("a@0", "a@2", "a@4");
        assertThat(handled.stream().filter(h -> h.startsWith("b")).toList()).containsExactly("b@1", "b@3");
        assertThat(taken).extracting(ConsumerRecord::offset).containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void differentKeysAreHandledAtTheSameTime() {
        CountDownLatch bothStarted = new CountDownLatch(2);
        Map<String, Boolean> sawTheOther = new ConcurrentHashMap<>();
        listener = new KeyedBatchListener("test", record -> {
            bothStarted.countDown();
            try {
                sawTheOther.put(record.key(), bothStarted.await(5, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, taken::add, this::recover, Duration.ofMillis(1), 0);

        listener.onMessage(List.of(record("a", 0), record("b", 1)));

        assertThat(sawTheOther).containsEntry("a", true).containsEntry("b", true);
    }

    @Test
    void aFailingRecordIsRetriedThenRecoveredAndOnlyItsKeyWaitsForIt() {
        AtomicInteger tries = new AtomicInteger();
        listener = new KeyedBatchListener("test", record -> {
            if (record.offset() == 0) {
                tries.incrementAndGet();
                throw new IllegalStateException("not yet");
            }
            handled.add(record.key() + "@" + record.offset());
        }, taken::add, this::recover, Duration.ofMillis(1), 2);

        listener.onMessage(List.of(record("a", 0), record("b", 1), record("a", 2)));

        assertThat(tries.get()).as("first try plus two retries").isEqualTo(3);
        assertThat(recovered).containsExactly("a@0: not yet");
        assertThat(handled).containsExactlyInAnyOrder("b@1", "a@2");
        assertThat(handled.indexOf("a@2")).isGreaterThanOrEqualTo(0);
    }

    @Test
    void aRecordThatSucceedsOnARetryIsNotRecovered() {
        AtomicInteger tries = new AtomicInteger();
        listener = new KeyedBatchListener("test", record -> {
            if (tries.incrementAndGet() < 3) {
                throw new IllegalStateException("not yet");
            }
            handled.add(record.key() + "@" + record.offset());
        }, taken::add, this::recover, Duration.ofMillis(1), 5);

        listener.onMessage(List.of(record("a", 0)));

        assertThat(handled).containsExactly("a@0");
        assertThat(recovered).isEmpty();
    }

    @Test
    void aRecordWaitsForRedisWithoutSpendingItsRetries() {
        AtomicInteger tries = new AtomicInteger();
        listener = new KeyedBatchListener("test", record -> {
            if (tries.incrementAndGet() <= 5) {
                throw new RedisConnectionException("Connection closed");
            }
            handled.add(record.key() + "@" + record.offset());
        }, taken::add, this::recover, Duration.ofMillis(1), 1);

        listener.onMessage(List.of(record("a", 0)));

        assertThat(handled).containsExactly("a@0");
        assertThat(recovered).isEmpty();
    }

    @Test
    void anErrorRedisAnsweredSpendsTheRetriesLikeAnyOther() {
        listener = new KeyedBatchListener("test", record -> {
            throw new RedisCommandExecutionException("ERR bad script");
        }, taken::add, this::recover, Duration.ofMillis(1), 1);

        listener.onMessage(List.of(record("a", 0)));

        assertThat(recovered).containsExactly("a@0: ERR bad script");
    }

    @Test
    void aRecovererThatFailsFailsThePollSoItIsHandledAgain() {
        listener = new KeyedBatchListener("test", record -> {
            throw new IllegalStateException("broken");
        }, taken::add, (record, e) -> {
            throw new IllegalStateException("no dead-letter topic");
        }, Duration.ofMillis(1), 0);

        assertThatThrownBy(() -> listener.onMessage(List.of(record("a", 0), record("b", 1))))
                .hasMessageContaining("no dead-letter topic");
    }

    private void recover(ConsumerRecord<?, ?> record, Exception e) {
        recovered.add(record.key() + "@" + record.offset() + ": " + e.getMessage());
    }

    private static ConsumerRecord<String, byte[]> record(String key, long offset) {
        return new ConsumerRecord<>("llm.attempts", 0, offset, key, new byte[0]);
    }
}
