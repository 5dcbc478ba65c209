package dev.llmpool.workers.lease;

import dev.llmpool.workers.attempt.AttemptExecutor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One attempt taken off its topic under a lease. Settling it ends the lease (the outcome is out) or lets it lapse at
 * once (the outcome could not be published: another worker runs the attempt again from the lease's record).
 */
public final class Lease implements AttemptExecutor.SettlingAck {

    private final AttemptLeases owner;
    private final String provider;
    private final String member;
    private final String delivery;
    private final AtomicBoolean settled = new AtomicBoolean();

    Lease(AttemptLeases owner, String provider, String member, String delivery) {
        this.owner = owner;
        this.provider = provider;
        this.member = member;
        this.delivery = delivery;
    }

    public String provider() {
        return provider;
    }

    /** {@code <attempt id>|<record>}. */
    public String member() {
        return member;
    }

    @Override
    public String deliveryId() {
        return delivery;
    }

    @Override
    public void acknowledge() {
        if (settled.compareAndSet(false, true)) {
            owner.ended(this);
        }
    }

    @Override
    public void release() {
        lapse();
    }

    void lapse() {
        if (settled.compareAndSet(false, true)) {
            owner.lapsed(this);
        }
    }

    @Override
    public boolean settled() {
        return settled.get();
    }
}
