package dev.llmpool.batch.run;

import dev.llmpool.core.batch.BatchRecord;
import dev.llmpool.core.batch.BatchRecords;
import dev.llmpool.core.batch.BatchStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves one batch on, as far as it can go now, under the batch's lease (one runner at a time, renewed while it
 * works, taken over when its holder dies): validate a {@code validating} batch; publish a running batch's lines
 * from its checkpoint; finalize it when every line has an end ({@code completed}), when its window has passed
 * ({@code expired}, stop flag raised), or when it has been cancelling for the grace ({@code cancelled}); finish a
 * {@code finalizing} batch a dead runner left. Everything it does can be done again, so it is safe to call for any
 * batch at any time (commands and the sweep call it).
 */
public final class BatchWork {

    private static final Logger log = LoggerFactory.getLogger(BatchWork.class);

    private final BatchRecords records;
    private final Validation validation;
    private final Publisher publisher;
    private final Finalizer finalizer;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Duration leaseTtl;
    private final Duration cancelGrace;

    public BatchWork(BatchRecords records, Validation validation, Publisher publisher, Finalizer finalizer,
                     ScheduledExecutorService scheduler, Clock clock, Duration leaseTtl, Duration cancelGrace) {
        this.records = records;
        this.validation = validation;
        this.publisher = publisher;
        this.finalizer = finalizer;
        this.scheduler = scheduler;
        this.clock = clock;
        this.leaseTtl = leaseTtl;
        this.cancelGrace = cancelGrace;
    }

    public void advance(String id) {
        Optional<BatchRecords.Lease> taken = records.lease(id, leaseTtl);
        if (taken.isEmpty()) {
            return; // another runner works on it
        }
        AtomicBoolean held = new AtomicBoolean(true);
        try (BatchRecords.Lease lease = taken.get()) {
            long every = Math.max(1, leaseTtl.toMillis() / 3);
            ScheduledFuture<?> renewal = scheduler.scheduleAtFixedRate(() -> held.compareAndSet(true, renew(lease)),
                    every, every, TimeUnit.MILLISECONDS);
            try {
                step(id, held);
            } finally {
                renewal.cancel(false);
            }
        }
    }

    private static boolean renew(BatchRecords.Lease lease) {
        try {
            return lease.renew();
        } catch (RuntimeException e) {
            log.warn("Could not renew a batch lease: {}", e.toString());
            return true; // Redis may be back before the lease lapses
        }
    }

    private void step(String id, AtomicBoolean held) {
        for (int round = 0; round < 4 && held.get(); round++) {
            Optional<BatchRecord> found = records.find(id);
            if (found.isEmpty()) {
                records.forget(id);
                return;
            }
            BatchRecord batch = found.get();
            Instant now = clock.instant();
            switch (batch.status()) {
                case VALIDATING -> validation.validate(batch);
                case IN_PROGRESS -> {
                    if (!now.isBefore(batch.expiresAt())) {
                        records.stop(id);
                        finalizer.finalizeAs(batch, BatchStatus.EXPIRED);
                        return;
                    }
                    if (batch.published() < batch.total()) {
                        if (publisher.publish(batch, held::get) == Publisher.Round.WAITING_FOR_BUDGET) {
                            return; // the sweep tries again
                        }
                        continue;
                    }
                    if (batch.pending() == 0) {
                        finalizer.finalizeAs(batch, BatchStatus.COMPLETED);
                    }
                    return;
                }
                case CANCELLING -> {
                    records.stop(id);
                    Instant since = batch.cancellingAt() == null ? now : batch.cancellingAt();
                    if (!now.isBefore(since.plus(cancelGrace))) {
                        finalizer.finalizeAs(batch, BatchStatus.CANCELLED);
                    }
                    return;
                }
                case FINALIZING -> {
                    finalizer.finalizeAs(batch, batch.finalStatus());
                    return;
                }
                default -> {
                    records.forget(id);
                    return;
                }
            }
        }
    }
}
