package dev.llmpool.router.kafka;

import dev.llmpool.core.redis.RedisFailures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
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
 * <p>A record whose handling fails is handled again after {@code backoff}, up to {@code maxRetries} times, then given
 * to the recoverer (its dead letter); later records of the same key wait for it, other keys do not. A failure because
 * Redis is away ({@link RedisFailures}) is not the record's: it is tried every {@code backoff} until Redis answers,
 * without spending its retries. Only a recoverer
 * that fails escapes, and the container's error handler then redelivers the poll (handling is idempotent).
 */
public final class KeyedBatchListener implements BatchMessageListener<String, byte[]>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KeyedBatchListener.class);

    private final MessageListener<String, byte[]> listener;
    private final Consumer<ConsumerRecord<String, byte[]>> taken;
    private final ConsumerRecordRecoverer recoverer;
    private final Duration backoff;
    private final int maxRetries;
    private final ExecutorService threads;

    /** @param taken told of every record of a poll as the poll arrives, before any is handled (e.g. its queue wait) */
    public KeyedBatchListener(String name, MessageListener<String, byte[]> listener,
                              Consumer<ConsumerRecord<String, byte[]>> taken, ConsumerRecordRecoverer recoverer,
                              Duration backoff, int maxRetries) {
        this.listener = listener;
        this.taken = taken;
        this.recoverer = recoverer;
        this.backoff = backoff;
        this.maxRetries = maxRetries;
        this.threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(name + "-", 0).factory());
    }

    @Override
    public void onMessage(List<ConsumerRecord<String, byte[]>> records) {
        Map<String, List<ConsumerRecord<String, byte[]>>> byKey = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            taken.accept(record);
            byKey.computeIfAbsent(Objects.requireNonNullElse(record.key(), ""), k -> new ArrayList<>()).add(record);
        }
        if (byKey.size() == 1) {
            inOrder(records);
            return;
        }
        List<Future<?>> running = new ArrayList<>(byKey.size());
        for (List<ConsumerRecord<String, byte[]>> sameKey : byKey.values()) {
            running.add(threads.submit(() -> inOrder(sameKey)));
        }
        RuntimeException failure = null;
        for (Future<?> future : running) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = failure != null ? failure : new IllegalStateException("interrupted while handling a poll", e);
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
                if (RedisFailures.unavailable(e)) {
                    // not the record's fault: it waits for Redis without spending its retries
                    if (!waitingForRedis) {
                        waitingForRedis = true;
                        log.warn("Handling {}-{}@{} (key {}) waits for Redis, trying every {}: {}", record.topic(),
                                record.partition(), record.offset(), record.key(), backoff, e.toString());
                    }
                } else if (failures >= maxRetries) {
                    recoverer.accept(record, e);
                    return;
                } else {
                    failures++;
                    log.warn("Handling {}-{}@{} (key {}) failed, again in {} ({} of {}): {}", record.topic(),
                            record.partition(), record.offset(), record.key(), backoff, failures, maxRetries,
                            e.toString());
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
