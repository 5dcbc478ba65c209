package dev.llmpool.workers.lease;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leases this process holds, renewed together every third of {@code ttl} (one Redis command per provider) for as
 * long as the process lives. A lease is taken when a worker accepts an attempt's record and ended when the attempt is
 * settled; one that this process can no longer finish (it is stopping) is let lapse at once so that another worker
 * publishes its record again without waiting for the lapse.
 */
public final class AttemptLeases implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AttemptLeases.class);

    private final LeaseStore store;
    private final Clock clock;
    private final Duration ttl;
    private final Consumer<String> onRenewal;
    /** provider -> lease member -> lease. */
    private final Map<String, Map<String, Lease>> held = new ConcurrentHashMap<>();
    private final Object emptied = new Object();
    private final ScheduledExecutorService renewer;

    /** @param onRenewal told of each provider's renewal, for metrics */
    public AttemptLeases(LeaseStore store, Clock clock, Duration ttl, Consumer<String> onRenewal) {
        this.store = store;
        this.clock = clock;
        this.ttl = ttl;
        this.onRenewal = onRenewal;
        this.renewer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("llmpool-lease-renewer").factory());
        long every = Math.max(1, ttl.toMillis() / 3);
        renewer.scheduleWithFixedDelay(this::renewAll, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Takes a lease on an attempt's record; the returned future completes with the lease once Redis has it (then the
     * record may be acknowledged to Kafka), or fails (then the record must stay with Kafka).
     *
     * @param recordId the record's own {@code topic-partition@offset}: with the attempt id, the lease's member
     */
    public CompletableFuture<Lease> take(String provider, String attemptId, String recordId, LeasedRecord record) {
        String member = attemptId + "|" + recordId;
        Lease lease = new Lease(this, provider, member, record.delivery());
        held.computeIfAbsent(provider, p -> new ConcurrentHashMap<>()).put(member, lease);
        return store.hold(provider, member, record, clock.millis() + ttl.toMillis())
                .handle((ok, error) -> {
                    if (error != null) {
                        forget(lease);
                        throw error instanceof RuntimeException r ? r : new IllegalStateException(error);
                    }
                    return lease;
                });
    }

    void ended(Lease lease) {
        forget(lease);
        store.end(lease.provider(), lease.member()).whenComplete((ok, error) -> {
            if (error != null) {
                log.warn("Lease {} not ended in Redis ({}); its record may run once more", lease.member(),
                        error.toString());
            }
        });
    }

    void lapsed(Lease lease) {
        forget(lease);
        store.lapse(lease.provider(), lease.member()).whenComplete((ok, error) -> {
            if (error != null) {
                log.warn("Lease {} not let lapse ({}); its record is published again when it expires",
                        lease.member(), error.toString());
            }
        });
    }

    private void forget(Lease lease) {
        Map<String, Lease> leases = held.get(lease.provider());
        if (leases != null) {
            leases.remove(lease.member(), lease);
        }
        synchronized (emptied) {
            emptied.notifyAll();
        }
    }

    private void renewAll() {
        long until = clock.millis() + ttl.toMillis();
        held.forEach((provider, leases) -> {
            List<String> members = new ArrayList<>(leases.keySet());
            if (members.isEmpty()) {
                return;
            }
            try {
                store.renew(provider, members, until).get(ttl.toMillis() / 3, TimeUnit.MILLISECONDS);
                onRenewal.accept(provider);
            } catch (Exception e) {
                log.warn("{} leases of '{}' not renewed ({}); they lapse in {} unless a later renewal lands",
                        members.size(), provider, e.toString(), ttl);
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
        });
    }

    /** Leases held by this process, all providers. */
    public int size() {
        int size = 0;
        for (Map<String, Lease> leases : held.values()) {
            size += leases.size();
        }
        return size;
    }

    /** Waits until no lease is held or the timeout passes; true when none is held. */
    public boolean awaitEmpty(Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        synchronized (emptied) {
            while (size() > 0) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(emptied, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return size() == 0;
                }
            }
            return true;
        }
    }

    /** Lets every lease still held lapse now, so other workers publish their records again at once. */
    public int lapseAll() {
        List<Lease> all = new ArrayList<>();
        held.values().forEach(leases -> all.addAll(leases.values()));
        all.forEach(Lease::lapse);
        return all.size();
    }

    @Override
    public void close() {
        renewer.shutdownNow();
    }
}
