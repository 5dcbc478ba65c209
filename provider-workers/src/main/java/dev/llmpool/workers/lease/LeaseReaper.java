package dev.llmpool.workers.lease;

import dev.llmpool.schemas.names.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes again the records of lapsed leases, for the providers this process serves: every {@code interval} it takes
 * the lapsed leases (a Redis script, so two reapers never take the same one), publishes each record back to the
 * provider's topic it came from (its interactive topic or batch lane) with {@link Headers#LEASED_FROM} naming the delivery its claim belongs to, and drops the lease once
 * the broker has the copy. A reaper that dies in between leaves the lease taken for {@code takeFor}; then another
 * takes it again (the attempt may then be queued twice; its claim and done marker make the second a no-op).
 *
 * <p>Each copy counts the lapses so far in {@link Headers#LEASE_LAPSES}. An attempt whose lease has lapsed
 * {@code maxLapses} times is poison (each worker that took it stopped before it ended): it is not published again but
 * given up by {@link AbandonedAttempts} (a failed outcome for the router, the record dead-lettered), and its lease
 * dropped.
 */
public final class LeaseReaper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeaseReaper.class);
    private static final int BATCH = 500;

    private final LeaseStore store;
    private final KafkaTemplate<String, byte[]> kafka;
    private final List<String> providers;
    private final Clock clock;
    private final Duration takeFor;
    private final int maxLapses;
    private final AbandonedAttempts abandoned;
    private final Consumer<String> onRepublished;
    private final ScheduledExecutorService scheduler;

    /**
     * @param maxLapses     how many times an attempt's lease may lapse; the next lapse gives it up
     * @param onRepublished told of each record published again (its provider), for metrics
     */
    public LeaseReaper(LeaseStore store, KafkaTemplate<String, byte[]> kafka, Collection<String> providers, Clock clock,
                       Duration takeFor, int maxLapses, AbandonedAttempts abandoned, Consumer<String> onRepublished) {
        this.store = store;
        this.kafka = kafka;
        this.providers = List.copyOf(providers);
        this.clock = clock;
        this.takeFor = takeFor;
        this.maxLapses = maxLapses;
        this.abandoned = abandoned;
        this.onRepublished = onRepublished;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("llmpool-lease-reaper").factory());
    }

    public LeaseReaper start(Duration interval) {
        long every = Math.max(1, interval.toMillis());
        scheduler.scheduleWithFixedDelay(this::reapAll, every, every, TimeUnit.MILLISECONDS);
        return this;
    }

    private void reapAll() {
        for (String provider : providers) {
            try {
                while (reap(provider) == BATCH) {
                    log.debug("More lapsed leases of '{}' waiting", provider);
                }
            } catch (RuntimeException e) {
                log.warn("Lapsed leases of '{}' not reaped this time: {}", provider, e.toString());
            }
        }
    }

    /** One look: publishes again the records of up to {@link #BATCH} lapsed leases; returns how many were taken. */
    public int reap(String provider) {
        long now = clock.millis();
        long takenUntil = now + takeFor.toMillis();
        List<LeaseStore.Lapsed> lapsed = store.takeLapsed(provider, now, takenUntil, BATCH);
        for (LeaseStore.Lapsed lease : lapsed) {
            if (lease.record() == null) {
                store.dropTaken(provider, lease.member(), takenUntil).join();
                continue;
            }
            int lapses = lapses(lease.record()) + 1;
            if (lapses > maxLapses) {
                giveUp(provider, lease, lapses - 1, takenUntil);
            } else {
                republish(provider, lease, lapses, takenUntil);
            }
        }
        return lapsed.size();
    }

    /** Lapses counted on the record so far (0 on a record never published again, or an unreadable count). */
    private static int lapses(LeasedRecord record) {
        String count = record.headers().get(Headers.LEASE_LAPSES);
        if (count == null) {
            return record.headers().containsKey(Headers.LEASED_FROM) ? 1 : 0;
        }
        try {
            return Math.max(0, Integer.parseInt(count.trim()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private void giveUp(String provider, LeaseStore.Lapsed lease, int lapses, long takenUntil) {
        try {
            abandoned.giveUp(provider, lease.record(), lapses);
        } catch (RuntimeException e) {
            log.warn("Lease {} lapsed too often but could not be given up ({}); tried again after {}", lease.member(),
                    e.toString(), takeFor);
            return;
        }
        store.dropTaken(provider, lease.member(), takenUntil).join();
    }

    private void republish(String provider, LeaseStore.Lapsed lease, int lapses, long takenUntil) {
        LeasedRecord record = lease.record();
        ProducerRecord<String, byte[]> copy = new ProducerRecord<>(record.topic(provider), record.key(),
                record.value().getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, String> header : record.headers().entrySet()) {
            if (!header.getKey().equals(Headers.LEASED_FROM) && !header.getKey().equals(Headers.LEASE_LAPSES)) {
                copy.headers().add(header.getKey(), header.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        copy.headers().add(Headers.LEASED_FROM, record.delivery().getBytes(StandardCharsets.UTF_8));
        copy.headers().add(Headers.LEASE_LAPSES, Integer.toString(lapses).getBytes(StandardCharsets.UTF_8));
        kafka.send(copy).whenComplete((sent, error) -> {
            if (error != null) {
                log.warn("Lapsed lease {} not published again ({}); retried after {}", lease.member(),
                        error.toString(), takeFor);
                return;
            }
            log.info("Lease {} lapsed; its record redelivered to {} (delivery of {})", lease.member(),
                    copy.topic(), record.delivery());
            onRepublished.accept(provider);
            store.dropTaken(provider, lease.member(), takenUntil).whenComplete((dropped, failure) -> {
                if (failure != null) {
                    log.debug("Lapsed lease {} not dropped ({}); taken again after {}", lease.member(),
                            failure.toString(), takeFor);
                }
            });
        });
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
