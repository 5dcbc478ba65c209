package dev.llmpool.workers.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.support.ShareAcknowledgment;

/**
 * The records this process holds, each renewing its broker lock every {@code renewInterval} until it is settled.
 * Renewal starts at delivery, not when the call starts, so a record waiting for a permit keeps its lock too.
 *
 * <p>Why this registry exists: with explicit acknowledgement the Kafka share consumer returns a renewed record again
 * from a later poll, and Spring Kafka calls the listener with it and a new acknowledgement handle. The record is then
 * already being worked on here; {@link #track} recognises it, swaps the handle in, and the listener returns. The same
 * goes for a record whose lock lapsed and that the broker delivered again (delivery count + 1) to another consumer of
 * this process while its attempt still runs: the new delivery takes over, and the superseded one is released so its
 * consumer can poll again. Records are keyed by topic, partition and offset, across this process's consumers.
 */
public final class InFlightRecords implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InFlightRecords.class);

    private final Map<RecordKey, InFlightRecord> records = new ConcurrentHashMap<>();
    private final ScheduledExecutorService renewer;
    private final Duration renewInterval;
    private final RenewalListener onRenewal;
    private final RedeliveryListener onRedelivery;
    private final Object emptied = new Object();

    /** Told of each renewal queued, for metrics. */
    @FunctionalInterface
    public interface RenewalListener {
        void renewed(RecordKey key);
    }

    /** Told of each delivery of a record after its first (its lock was lost or it was released). */
    @FunctionalInterface
    public interface RedeliveryListener {
        void redelivered(RecordKey key, int delivery);
    }

    public InFlightRecords(Duration renewInterval, RenewalListener onRenewal, RedeliveryListener onRedelivery) {
        this.renewInterval = renewInterval;
        this.onRenewal = onRenewal;
        this.onRedelivery = onRedelivery;
        this.renewer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("llmpool-lock-renewer").factory());
    }

    /**
     * Starts holding a delivered record, or recognises one already held.
     *
     * @return the new in-flight record, or null when the record was already held (its handle was swapped in and the
     *         running attempt will settle it)
     */
    public InFlightRecord track(ConsumerRecord<?, ?> record, ShareAcknowledgment ack) {
        RecordKey key = RecordKey.of(record);
        int delivery = record.deliveryCount().map(Short::intValue).orElse(1);
        InFlightRecord[] created = new InFlightRecord[1];
        InFlightRecord.Adoption[] adoption = new InFlightRecord.Adoption[1];
        InFlightRecord[] held = new InFlightRecord[1];
        records.compute(key, (k, existing) -> {
            if (existing != null) {
                adoption[0] = existing.adopt(ack, delivery);
                if (adoption[0].adopted()) {
                    held[0] = existing;
                    return existing;
                }
            }
            created[0] = new InFlightRecord(k, ack, delivery, this);
            return created[0];
        });
        if (created[0] == null) {
            ShareAcknowledgment superseded = adoption[0].superseded();
            if (superseded != null) {
                log.info("{} redelivered (delivery #{}) while its attempt still runs here; the new delivery takes "
                        + "over", key, delivery);
                onRedelivery.redelivered(key, delivery);
                settleSuperseded(key, superseded);
            }
            if (adoption[0].settleNow() != null) {
                held[0].settleAdopted(adoption[0]);
            }
            return null;
        }
        if (delivery > 1) {
            log.info("{} redelivered (delivery #{})", key, delivery);
            onRedelivery.redelivered(key, delivery);
        }
        long every = Math.max(1, renewInterval.toMillis());
        InFlightRecord tracked = created[0];
        tracked.renewWith(renewer.scheduleAtFixedRate(() -> renew(tracked), every, every, TimeUnit.MILLISECONDS));
        return tracked;
    }

    /** Swaps in the newer handle of a record already held; does not start holding it otherwise. */
    public void adoptIfHeld(ConsumerRecord<?, ?> record, ShareAcknowledgment ack) {
        RecordKey key = RecordKey.of(record);
        InFlightRecord existing = records.get(key);
        if (existing != null) {
            InFlightRecord.Adoption adoption = existing.adopt(ack, record.deliveryCount().map(Short::intValue)
                    .orElse(1));
            if (adoption.superseded() != null) {
                settleSuperseded(key, adoption.superseded());
            }
            if (adoption.settleNow() != null) {
                existing.settleAdopted(adoption);
            }
        }
    }

    /**
     * Settles the handle of a delivery whose lock was lost: the broker ignores it, but the consumer that received
     * that delivery cannot poll again until it is settled.
     */
    private static void settleSuperseded(RecordKey key, ShareAcknowledgment superseded) {
        try {
            superseded.release();
        } catch (RuntimeException e) {
            log.debug("Superseded delivery of {} was already settled: {}", key, e.toString());
        }
    }

    private void renew(InFlightRecord record) {
        try {
            if (record.renew()) {
                log.debug("Lock of {} renewed ({} so far)", record.key(), record.renewals());
                onRenewal.renewed(record.key());
            }
        } catch (RuntimeException e) {
            log.debug("Lock renewal of {} not queued: {}", record.key(), e.toString());
        }
    }

    void forget(InFlightRecord record) {
        records.remove(record.key(), record);
        synchronized (emptied) {
            emptied.notifyAll();
        }
    }

    public int size() {
        return records.size();
    }

    /** Waits until no record is held or the timeout passes; true when none is held. */
    public boolean awaitEmpty(Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        synchronized (emptied) {
            while (!records.isEmpty()) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(emptied, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return records.isEmpty();
                }
            }
            return true;
        }
    }

    @Override
    public void close() {
        renewer.shutdownNow();
    }
}
