package dev.llmpool.workers.lanes;

import dev.llmpool.workers.kafka.PollGate;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/**
 * The gate of one provider's batch consumers in this process, and the count of the batch records it holds (its
 * slots). Before each poll, in order:
 * <ol>
 * <li>the process's own hold (Redis away, the provider paused, the process running all it may) holds the lane too;
 * </li>
 * <li>unless lines of a stopped batch were just seen (then the lane drains them: they need neither quota nor a
 * provider), the lane holds while interactive work is busy ({@link InteractiveLoad}) and it already holds its
 * guaranteed {@code minInFlight}, and while the lane's quota has no room for a call ({@link QuotaRoom});</li>
 * <li>it polls only when {@code pollRecords} slots are free of {@code maxInFlight}, and sets them aside for the poll;
 * what the poll did not fill is freed when it returns, each record's slot when its work is over.</li>
 * </ol>
 * So the lane never holds more than {@code maxInFlight} records: the backlog waits in Kafka, not in a worker.
 */
public final class BatchLane implements PollGate {

    /** How long to look again while the slots are full (one frees when an attempt ends). */
    static final Duration SLOTS_FULL = Duration.ofMillis(10);
    /** How long to look again while interactive work is busy. */
    static final Duration INTERACTIVE_BUSY = Duration.ofMillis(50);
    /** The longest hold for quota: the room may come sooner than last seen, and stopped lines may need draining. */
    static final Duration MAX_QUOTA_HOLD = Duration.ofMillis(250);
    /** How long after the last stopped line the lane drains regardless of quota and interactive work. */
    static final Duration DRAIN_WINDOW = Duration.ofSeconds(2);

    private final String provider;
    private final PollGate process;
    private final InteractiveLoad interactive;
    private final QuotaRoom quota;
    private final BatchStops stops;
    private final int maxInFlight;
    private final int minInFlight;
    private final int pollRecords;
    /** Slots set aside for a poll or held by a record whose work is not over. */
    private final AtomicInteger used = new AtomicInteger();

    public BatchLane(String provider, PollGate process, InteractiveLoad interactive, QuotaRoom quota,
                     BatchStops stops, LaneProperties settings) {
        this.provider = provider;
        this.process = process;
        this.interactive = interactive;
        this.quota = quota;
        this.stops = stops;
        this.maxInFlight = settings.batchMaxInFlight();
        this.minInFlight = settings.batchMinInFlight();
        this.pollRecords = settings.batchPollRecords();
    }

    @Override
    public Duration holdFor() {
        Duration held = process.holdFor();
        if (held.isPositive()) {
            return held;
        }
        if (!stops.stoppedLately(provider, DRAIN_WINDOW)) {
            if (used.get() >= minInFlight && interactive.busy()) {
                return INTERACTIVE_BUSY;
            }
            Duration room = quota.untilRoom(provider);
            if (room.isPositive()) {
                return room.compareTo(MAX_QUOTA_HOLD) < 0 ? room : MAX_QUOTA_HOLD;
            }
        }
        return setAside() ? Duration.ZERO : SLOTS_FULL;
    }

    private boolean setAside() {
        while (true) {
            int current = used.get();
            if (current + pollRecords > maxInFlight) {
                return false;
            }
            if (used.compareAndSet(current, current + pollRecords)) {
                return true;
            }
        }
    }

    @Override
    public void polled(ConsumerRecords<String, byte[]> records) {
        used.addAndGet(records.count() - pollRecords);
    }

    /** One batch record's work is over: its slot is free. */
    public void settled() {
        used.decrementAndGet();
    }

    /** Slots in use: records held, and those set aside for a poll under way. */
    public int inFlight() {
        return used.get();
    }
}
