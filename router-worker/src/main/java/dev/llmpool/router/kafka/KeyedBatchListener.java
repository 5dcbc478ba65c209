package dev.llmpool.router.kafka;

import dev.llmpool.core.redis.RedisFailures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.MessageListener;

/**
 * Runs the records of one poll through a per-record listener: records with the same key (the same job) one after
 * the other in offset order, records of different keys at the same time on virtual threads. The container commits
 * the poll's offsets after this returns, so a record is committed only after its handling (and everything it
 * published) is done: at-least-once, as with one record at a time, but a poll of many jobs takes about as long as
 * its slowest job instead of the sum of them all.
 *
 * <p>A record whose handling fails is handled again after the {@link PollBudget}'s backoff, up to its
 * {@code maxRetries} times and only while the poll's retry budget lasts, then given to the recoverer (its dead letter);
 * a failure the {@code retriable} test refuses goes to the recoverer at once. Later records of the same key wait for
 * it, other keys do not. Only a recoverer that fails escapes, and the container's error handler then delivers the
 * poll again (handling is idempotent).
 *
 * <p>No handler outlives its poll: this returns only once every handler of the poll has ended, and a poll still
 * running at its stop time has its handlers cancelled (interrupted, no record started after) and waited for, then
 * fails with {@link PollOverrunException} and is delivered again. Partitions are revoked or lost only inside the
 * consumer's poll, after this returned, and the stop time falls well before {@code max.poll.interval.ms}: so another
 * consumer never takes a partition while a handler of this one still works on its records.
 *
 * <p>A failure because Redis is away ({@link RedisFailures}) is not the record's: it is tried every backoff until
 * Redis answers, without spending its retries and never dead-lettered for it; a poll that outlasts its stop time
 * waiting so is delivered again, as any overrunning poll.
 */
public final class KeyedBatchListener implements BatchMessageListener<String, byte[]>, AutoCloseable {

    /** Waits out a backoff: {@code Thread::sleep}, or a test's clock. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration pause) throws InterruptedException;
    }

    private static final Logger log = LoggerFactory.getLogger(KeyedBatchListener.class);
    /** How often a waiting poll looks at the clock for its stop time. */
    private static final long TICK_MILLIS = 50;

    private final MessageListener<String, byte[]> listener;
    private final Consumer<ConsumerRecord<String, byte[]>> taken;
    private final ConsumerRecordRecoverer recoverer;
    private final Predicate<Exception> retriable;
    private final PollBudget budget;
    private final Clock clock;
    private final Sleeper sleeper;
    private final ExecutorService threads;

    /**
     * @param taken     told of every record of a poll as the poll arrives, before any is handled (e.g. its queue wait)
     * @param retriable whether handling a record again may get past a failure
     */
    public KeyedBatchListener(String name, MessageListener<String, byte[]> listener,
                              Consumer<ConsumerRecord<String, byte[]>> taken, ConsumerRecordRecoverer recoverer,
                              Predicate<Exception> retriable, PollBudget budget, Clock clock, Sleeper sleeper) {
        this.listener = listener;
        this.taken = taken;
        this.recoverer = recoverer;
        this.retriable = retriable;
        this.budget = budget;
        this.clock = clock;
        this.sleeper = sleeper;
        this.threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(name + "-", 0).factory());
    }

    @Override
    public void onMessage(List<ConsumerRecord<String, byte[]>> records) {
        Map<String, List<ConsumerRecord<String, byte[]>>> byKey = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            taken.accept(record);
            byKey.computeIfAbsent(Objects.requireNonNullElse(record.key(), ""), k -> new ArrayList<>()).add(record);
        }
        new Poll(clock.instant(), byKey.values()).run();
    }

    /** One poll's handling: its deadlines, its handlers, and whether it was stopped. */
    private final class Poll {

        private final Instant arrived;
        private final Instant retryUntil;
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final CountDownLatch ended;
        private final List<Future<?>> running = new ArrayList<>();

        Poll(Instant arrived, Collection<List<ConsumerRecord<String, byte[]>>> keys) {
            this.arrived = arrived;
            this.retryUntil = arrived.plus(budget.retryBudget());
            this.ended = new CountDownLatch(keys.size());
            for (List<ConsumerRecord<String, byte[]>> sameKey : keys) {
                running.add(threads.submit(() -> {
                    try {
                        inOrder(sameKey);
                    } finally {
                        ended.countDown();
                    }
                }));
            }
        }

        void run() {
            boolean interrupted = false;
            try {
                if (awaitEnd(arrived.plus(budget.stopAfter()))) {
                    rethrowFailure();
                    return;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
            stop();
            if (interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while handling a poll; its handlers were stopped");
            }
            throw new PollOverrunException("A poll was still being handled " + budget.stopAfter()
                    + " after it arrived; its handlers were stopped and it will be delivered again");
        }

        /** Cancels the handlers still running and waits (a bounded time) until they have ended. */
        private void stop() {
            stopped.set(true);
            running.forEach(future -> future.cancel(true));
            boolean interrupted = false;
            boolean allEnded = false;
            while (!allEnded) {
                try {
                    allEnded = awaitEnd(arrived.plus(budget.stopAfter()).plus(budget.stopGrace()));
                    if (!allEnded) {
                        log.error("Handlers of a stopped poll still run {} after it was stopped; another consumer "
                                + "may handle their records too", budget.stopGrace());
                        break;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        /** Waits until every handler has ended (true) or the clock reaches {@code until} (false). */
        private boolean awaitEnd(Instant until) throws InterruptedException {
            while (!ended.await(TICK_MILLIS, TimeUnit.MILLISECONDS)) {
                if (!clock.instant().isBefore(until)) {
                    return false;
                }
            }
            return true;
        }

        private void rethrowFailure() {
            RuntimeException failure = null;
            for (Future<?> future : running) {
                try {
                    future.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while handling a poll", e);
                } catch (ExecutionException e) {
                    failure = failure != null ? failure : e.getCause() instanceof RuntimeException cause ? cause
                            : new IllegalStateException(e.getCause());
                }
            }
            if (failure != null) {
                throw failure;
            }
        }

        private void inOrder(List<ConsumerRecord<String, byte[]>> sameKey) {
            for (ConsumerRecord<String, byte[]> record : sameKey) {
                if (stopped.get()) {
                    return;
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw new IllegalStateException("Interrupted before handling " + record.topic() + "-"
                            + record.partition() + "@" + record.offset());
                }
                handle(record);
            }
        }

        private void handle(ConsumerRecord<String, byte[]> record) {
            int failures = 0;
            boolean waitingForRedis = false;
            while (true) {
                try {
                    listener.onMessage(record);
                    return;
                } catch (RuntimeException e) {
                    if (stopped.get()) {
                        return; // the poll fails and is delivered again: no retry, no dead letter
                    }
                    if (RedisFailures.unavailable(e)) {
                        // not the record's fault: it waits for Redis without spending its retries and is never
                        // dead-lettered for it; a poll that outlasts its stop time this way is delivered again
                        if (!waitingForRedis) {
                            waitingForRedis = true;
                            log.warn("Handling {}-{}@{} (key {}) waits for Redis, trying every {}: {}",
                                    record.topic(), record.partition(), record.offset(), record.key(),
                                    budget.backoff(), e.toString());
                        }
                    } else if (failures >= budget.maxRetries() || !retriable.test(e)
                            || clock.instant().plus(budget.backoff()).isAfter(retryUntil)) {
                        recoverer.accept(record, e);
                        return;
                    } else {
                        failures++;
                        log.warn("Handling {}-{}@{} (key {}) failed, again in {} ({} of {}): {}", record.topic(),
                                record.partition(), record.offset(), record.key(), budget.backoff(), failures,
                                budget.maxRetries(), e.toString());
                    }
                    try {
                        sleeper.sleep(budget.backoff());
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        throw e;
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
