package dev.llmpool.workers.kafka;

import dev.llmpool.workers.attempt.AttemptExecutor;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import org.springframework.kafka.support.ShareAcknowledgment;

/**
 * A share-group record this process holds, from delivery to its one terminal acknowledgement. Renewals and the
 * terminal acknowledgement may come from any thread.
 *
 * <p>How the Kafka share consumer treats a renewal shapes this class: a {@code RENEW} is sent with the next poll, and
 * once the broker confirms it the record is <em>returned again</em> by a later poll (Spring Kafka then calls the
 * listener with the same record and a fresh acknowledgement handle). Between the renewal and its return the consumer
 * does not know the record: an acknowledgement queued then fails ("The record cannot be acknowledged"). So:
 * <ul>
 * <li>the record returned after a renewal {@linkplain #adopt adopts} the fresh handle; the attempt keeps running;</li>
 * <li>at most one renewal is outstanding: the next is sent only after the record came back;</li>
 * <li>an attempt that ends while a renewal is outstanding settles the record when it comes back, on its new handle
 * (or, should it never come back, on the old one once the renewer gives up waiting).</li>
 * </ul>
 */
public final class InFlightRecord implements AttemptExecutor.SettlingAck {

    /** Renewal ticks to wait for a renewed record's return before settling on the handle at hand. */
    static final int MAX_TICKS_AWAITING_RETURN = 3;

    private final RecordKey key;
    private final InFlightRecords owner;
    private ShareAcknowledgment handle;
    private int deliveries;
    private boolean done;
    private boolean renewalOutstanding;
    private Consumer<ShareAcknowledgment> deferred;
    private int ticksDeferred;
    private ScheduledFuture<?> renewal;
    private int renewals;

    InFlightRecord(RecordKey key, ShareAcknowledgment handle, int deliveries, InFlightRecords owner) {
        this.key = key;
        this.handle = handle;
        this.deliveries = deliveries;
        this.owner = owner;
    }

    public RecordKey key() {
        return key;
    }

    @Override
    public String deliveryId() {
        return key.toString();
    }

    synchronized void renewWith(ScheduledFuture<?> future) {
        if (done && deferred == null) {
            future.cancel(false);
        } else {
            this.renewal = future;
        }
    }

    /**
     * Takes the newer handle of the same record. The same delivery handed back after a renewal swaps handles; a later
     * delivery (a higher delivery count: the lock was lost and the broker delivered the record again, possibly to
     * another consumer) also returns the superseded handle, whose acquisition is gone, so the caller can settle it
     * and free the consumer that holds it. When the attempt ended while the record was away, the adoption carries
     * the settlement the caller applies with {@link #settleAdopted}.
     */
    synchronized Adoption adopt(ShareAcknowledgment newer, int delivery) {
        if (done && deferred == null) {
            return Adoption.REFUSED;
        }
        ShareAcknowledgment previous = handle;
        handle = newer;
        renewalOutstanding = false;
        ShareAcknowledgment superseded = null;
        if (delivery > deliveries) {
            deliveries = delivery;
            superseded = previous;
        }
        Consumer<ShareAcknowledgment> settleNow = deferred;
        deferred = null;
        return new Adoption(true, superseded, settleNow);
    }

    /** Applies the settlement an {@link Adoption} carried, on the adopted handle. */
    void settleAdopted(Adoption adoption) {
        ShareAcknowledgment current;
        synchronized (this) {
            current = handle;
        }
        apply(adoption.settleNow(), current);
    }

    /**
     * What {@link #adopt} did.
     *
     * @param adopted    false when the record was already settled (the delivery starts afresh)
     * @param superseded the handle of an earlier delivery, when the adopted one is a redelivery
     * @param settleNow  the settlement of an attempt that ended while the record was away, to apply now
     */
    record Adoption(boolean adopted, ShareAcknowledgment superseded, Consumer<ShareAcknowledgment> settleNow) {
        static final Adoption REFUSED = new Adoption(false, null, null);
    }

    /**
     * One renewal tick: sends a renewal unless one is outstanding; for a record settled while a renewal was
     * outstanding, counts the ticks and eventually settles it on the handle at hand.
     *
     * @return true when a renewal was queued
     */
    boolean renew() {
        Consumer<ShareAcknowledgment> giveUp = null;
        ShareAcknowledgment current;
        synchronized (this) {
            current = handle;
            if (done) {
                if (deferred != null && ++ticksDeferred >= MAX_TICKS_AWAITING_RETURN) {
                    giveUp = deferred;
                    deferred = null;
                } else {
                    return false;
                }
            } else if (renewalOutstanding) {
                return false;
            } else {
                current.renew();
                renewalOutstanding = true;
                renewals++;
                return true;
            }
        }
        apply(giveUp, current);
        return false;
    }

    public synchronized int renewals() {
        return renewals;
    }

    @Override
    public void acknowledge() {
        settle(ShareAcknowledgment::acknowledge);
    }

    @Override
    public void release() {
        settle(ShareAcknowledgment::release);
    }

    public void reject() {
        settle(ShareAcknowledgment::reject);
    }

    @Override
    public synchronized boolean settled() {
        return done;
    }

    private void settle(Consumer<ShareAcknowledgment> how) {
        ShareAcknowledgment current;
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
            if (renewalOutstanding) {
                deferred = how;
                return;
            }
            current = handle;
        }
        apply(how, current);
    }

    private void apply(Consumer<ShareAcknowledgment> how, ShareAcknowledgment on) {
        ScheduledFuture<?> future;
        synchronized (this) {
            future = renewal;
        }
        if (future != null) {
            future.cancel(false);
        }
        try {
            how.accept(on);
        } finally {
            owner.forget(this);
        }
    }
}
