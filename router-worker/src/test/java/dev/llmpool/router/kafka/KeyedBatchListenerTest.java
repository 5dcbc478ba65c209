package dev.llmpool.router.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmpool.testing.MovableClock;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.MessageListener;

class KeyedBatchListenerTest {

    private static final Duration LONG = Duration.ofHours(1);

    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T12:00:00Z"));
    /** Backoffs the listener asked for; each moves the clock instead of sleeping. */
    private final List<Duration> slept = new CopyOnWriteArrayList<>();
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
        listener = listener(record -> handled.add(record.key() + "@" + record.offset()), e -> true,
                budget(Duration.ofMillis(1), 3, LONG));

        listener.onMessage(List.of(record("a", 0), record("b", 1), record("a", 2), record("b", 3), record("a", 4)));

        assertThat(handled.stream().filter(h -> h.startsWith("a")).toList()).containsExactly("a@0", "a@2", "a@4");
        assertThat(handled.stream().filter(h -> h.startsWith("b")).toList()).containsExactly("b@1", "b@3");
        assertThat(taken).extracting(ConsumerRecord::offset).containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void differentKeysAreHandledAtTheSameTime() {
        CountDownLatch bothStarted = new CountDownLatch(2);
        Map<String, Boolean> sawTheOther = new ConcurrentHashMap<>();
        listener = listener(record -> {
            bothStarted.countDown();
            try {
                sawTheOther.put(record.key(), bothStarted.await(5, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, e -> true, budget(Duration.ofMillis(1), 0, LONG));

        listener.onMessage(List.of(record("a", 0), record("b", 1)));

        assertThat(sawTheOther).containsEntry("a", true).containsEntry("b", true);
    }

    @Test
    void aFailingRecordIsRetriedAfterItsBackoffThenRecoveredAndOnlyItsKeyWaitsForIt() {
        AtomicInteger tries = new AtomicInteger();
        listener = listener(record -> {
            if (record.offset() == 0) {
                tries.incrementAndGet();
                throw new IllegalStateException("not yet");
            }
            handled.add(record.key() + "@" + record.offset());
        }, e -> true, budget(Duration.ofMillis(200), 2, LONG));

        listener.onMessage(List.of(record("a", 0), record("b", 1), record("a", 2)));

        assertThat(tries.get()).as("first try plus two retries").isEqualTo(3);
        assertThat(slept).containsExactly(Duration.ofMillis(200), Duration.ofMillis(200));
        assertThat(recovered).containsExactly("a@0: not yet");
        assertThat(handled).containsExactlyInAnyOrder("b@1", "a@2");
    }

    @Test
    void aRecordThatSucceedsOnARetryIsNotRecovered() {
        AtomicInteger tries = new AtomicInteger();
        listener = listener(record -> {
            if (tries.incrementAndGet() < 3) {
                throw new IllegalStateException("not yet");
            }
            handled.add(record.key() + "@" + record.offset());
        }, e -> true, budget(Duration.ofMillis(1), 5, LONG));

        listener.onMessage(List.of(record("a", 0)));

        assertThat(handled).containsExactly("a@0");
        assertThat(recovered).isEmpty();
    }

    @Test
    void aFailureThatNoRetryCanHelpGoesToTheRecovererAtOnce() {
        AtomicInteger tries = new AtomicInteger();
        listener = listener(record -> {
            tries.incrementAndGet();
            throw new IllegalArgumentException("unknown job");
        }, e -> !(e instanceof IllegalArgumentException), budget(Duration.ofMillis(200), 50, LONG));

        listener.onMessage(List.of(record("ghost", 0)));

        assertThat(tries.get()).isEqualTo(1);
        assertThat(slept).isEmpty();
        assertThat(recovered).containsExactly("ghost@0: unknown job");
    }

    /** The fuzz test's 40 failing records of one key: 50 retries of 200 ms each would have taken 400 s. */
    @Test
    void aPollSpendsNoMoreThanItsRetryBudgetOnRetriesAndRecoversTheRestOfItsFailuresAtOnce() {
        AtomicInteger tries = new AtomicInteger();
        listener = listener(record -> {
            tries.incrementAndGet();
            throw new IllegalStateException("not routed yet");
        }, e -> true, budget(Duration.ofMillis(200), 50, Duration.ofSeconds(1)));
        Instant start = clock.instant();

        listener.onMessage(IntStream.range(0, 40).mapToObj(i -> record("ghost", i)).toList());

        assertThat(recovered).hasSize(40);
        assertThat(Duration.between(start, clock.instant())).isLessThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(slept.stream().reduce(Duration.ZERO, Duration::plus)).isLessThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(tries.get()).as("the first record is retried within the budget, the other 39 tried once")
                .isEqualTo(1 + 5 + 39);
    }

    @Test
    void theRetryBudgetCountsFromThePollsArrivalNotFromEachRecord() {
        listener = listener(record -> {
            if (record.offset() == 0) {
                clock.advance(Duration.ofSeconds(2));
                handled.add("slow@0");
                return;
            }
            throw new IllegalStateException("failing");
        }, e -> true, budget(Duration.ofMillis(200), 50, Duration.ofSeconds(1)));

        listener.onMessage(List.of(record("k", 0), record("k", 1)));

        assertThat(handled).containsExactly("slow@0");
        assertThat(slept).as("the budget was spent by the first record's handling").isEmpty();
        assertThat(recovered).containsExactly("k@1: failing");
    }

    @Test
    void aPollStillRunningAtItsStopTimeHasItsHandlersCancelledAndEndedBeforeItFails() {
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicBoolean slowEnded = new AtomicBoolean();
        CountDownLatch never = new CountDownLatch(1);
        listener = listener(record -> {
            if (!record.key().equals("slow")) {
                handled.add(record.key() + "@" + record.offset());
                return;
            }
            handled.add("slow@" + record.offset());
            clock.advance(Duration.ofSeconds(6));
            try {
                never.await(1, TimeUnit.HOURS);
            } catch (InterruptedException e) {
                interrupted.set(true);
                Thread.currentThread().interrupt();
            } finally {
                slowEnded.set(true);
            }
        }, e -> true, new PollBudget(Duration.ofMillis(200), 50, Duration.ofSeconds(1), Duration.ofSeconds(5), LONG));

        assertThatThrownBy(() -> listener.onMessage(List.of(record("slow", 0), record("fast", 1), record("slow", 2))))
                .isInstanceOf(PollOverrunException.class)
                .satisfies(e -> assertThat(slowEnded).as("no handler outlives its poll").isTrue());

        assertThat(interrupted).isTrue();
        assertThat(handled).as("nothing of the key was started after the stop").containsExactlyInAnyOrder("slow@0",
                "fast@1");
        assertThat(recovered).as("a stopped poll is delivered again, not dead-lettered").isEmpty();
    }

    @Test
    void aRecordWaitsForRedisWithoutSpendingItsRetries() {
        AtomicInteger tries = new AtomicInteger();
        listener = listener(record -> {
            if (tries.incrementAndGet() <= 5) {
                throw new RedisConnectionException("Connection closed");
            }
            handled.add(record.key() + "@" + record.offset());
        }, e -> true, budget(Duration.ofMillis(1), 1, Duration.ofSeconds(1)));

        listener.onMessage(List.of(record("a", 0)));

        assertThat(handled).containsExactly("a@0");
        assertThat(recovered).isEmpty();
    }

    @Test
    void aPollThatWaitsForRedisPastItsStopTimeIsDeliveredAgainNotDeadLettered() {
        listener = listener(record -> {
            throw new RedisConnectionException("Connection closed");
        }, e -> true, new PollBudget(Duration.ofMillis(100), 1, Duration.ofSeconds(1), Duration.ofSeconds(2), LONG));

        assertThatThrownBy(() -> listener.onMessage(List.of(record("a", 0))))
                .isInstanceOf(PollOverrunException.class);
        assertThat(recovered).isEmpty();
    }

    @Test
    void anErrorRedisAnsweredSpendsTheRetriesLikeAnyOther() {
        listener = listener(record -> {
            throw new RedisCommandExecutionException("ERR bad script");
        }, e -> true, budget(Duration.ofMillis(1), 1, Duration.ofSeconds(1)));

        listener.onMessage(List.of(record("a", 0)));

        assertThat(recovered).containsExactly("a@0: ERR bad script");
    }

    @Test
    void aRecovererThatFailsFailsThePollSoItIsHandledAgain() {
        listener = new KeyedBatchListener("test", record -> {
            throw new IllegalStateException("broken");
        }, taken::add, (record, e) -> {
            throw new IllegalStateException("no dead-letter topic");
        }, e -> true, budget(Duration.ofMillis(1), 0, LONG), clock, this::sleep);

        assertThatThrownBy(() -> listener.onMessage(List.of(record("a", 0), record("b", 1))))
                .hasMessageContaining("no dead-letter topic");
    }

    private KeyedBatchListener listener(MessageListener<String, byte[]> handler, Predicate<Exception> retriable,
                                        PollBudget budget) {
        return new KeyedBatchListener("test", handler, taken::add, this::recover, retriable, budget, clock,
                this::sleep);
    }

    private static PollBudget budget(Duration backoff, int maxRetries, Duration retryBudget) {
        return new PollBudget(backoff, maxRetries, retryBudget, LONG, LONG);
    }

    private void sleep(Duration pause) {
        slept.add(pause);
        clock.advance(pause);
    }

    private void recover(ConsumerRecord<?, ?> record, Exception e) {
        recovered.add(record.key() + "@" + record.offset() + ": " + e.getMessage());
    }

    private static ConsumerRecord<String, byte[]> record(String key, long offset) {
        return new ConsumerRecord<>("llm.attempts", 0, offset, key, new byte[0]);
    }
}
