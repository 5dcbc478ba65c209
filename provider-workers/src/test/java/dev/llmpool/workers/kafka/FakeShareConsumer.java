package dev.llmpool.workers.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockShareConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * A share consumer that behaves like the real one where the loop depends on it: {@code poll} blocks until records are
 * offered or its timeout passes, refuses (as explicit acknowledgement does) while a record of its last poll has no
 * acknowledgement, and is woken by {@code wakeup}. Records what it was told.
 */
final class FakeShareConsumer extends MockShareConsumer<String, byte[]> {

    private final LinkedBlockingQueue<List<ConsumerRecord<String, byte[]>>> batches = new LinkedBlockingQueue<>();
    private final Set<ConsumerRecord<String, byte[]>> unacknowledged = ConcurrentHashMap.newKeySet();
    final List<String> acknowledgements = new CopyOnWriteArrayList<>();
    final AtomicInteger polls = new AtomicInteger();
    final AtomicInteger refusedPolls = new AtomicInteger();
    final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean woken = new AtomicBoolean();

    /** The records the next poll returns. */
    void offer(List<ConsumerRecord<String, byte[]>> records) {
        batches.add(records);
    }

    @Override
    public ConsumerRecords<String, byte[]> poll(Duration timeout) {
        if (!unacknowledged.isEmpty()) {
            refusedPolls.incrementAndGet();
            throw new IllegalStateException("All records must be acknowledged in explicit acknowledgement mode.");
        }
        polls.incrementAndGet();
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (woken.getAndSet(false)) {
                throw new WakeupException();
            }
            List<ConsumerRecord<String, byte[]>> next;
            try {
                next = batches.poll(Math.min(10_000_000L, Math.max(0, end - System.nanoTime())), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ConsumerRecords.empty();
            }
            if (next != null) {
                unacknowledged.addAll(next);
                Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> byPartition = new java.util.HashMap<>();
                next.forEach(r -> byPartition.computeIfAbsent(new TopicPartition(r.topic(), r.partition()),
                        p -> new ArrayList<>()).add(r));
                return new ConsumerRecords<>(byPartition, Map.of());
            }
            if (System.nanoTime() >= end) {
                return ConsumerRecords.empty();
            }
        }
    }

    @Override
    public void acknowledge(ConsumerRecord<String, byte[]> record, AcknowledgeType type) {
        if (!unacknowledged.remove(record)) {
            throw new IllegalStateException("The record cannot be acknowledged.");
        }
        acknowledgements.add(record.offset() + ":" + type.name());
    }

    @Override
    public void wakeup() {
        woken.set(true);
    }

    @Override
    public void close(Duration timeout) {
        closed.set(true);
    }

    static ConsumerRecord<String, byte[]> record(String topic, long offset, long timestamp) {
        return new ConsumerRecord<>(topic, 0, offset, timestamp, org.apache.kafka.common.record.TimestampType.CREATE_TIME,
                0, 0, "key-" + offset, new byte[0], new org.apache.kafka.common.header.internals.RecordHeaders(),
                java.util.Optional.empty(), java.util.Optional.of((short) 1));
    }
}
