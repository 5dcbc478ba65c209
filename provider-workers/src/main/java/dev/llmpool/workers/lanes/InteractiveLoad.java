package dev.llmpool.workers.lanes;

import dev.llmpool.workers.kafka.PollGate;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/**
 * How busy a provider's interactive work is in this process, as its batch lane's gate reads it. Interactive work is
 * busy when
 * <ul>
 * <li>the process holds {@code busyInFlight} interactive records or more (running, or waiting for quota or their
 * start), or</li>
 * <li>within the last {@code quietFor}, an interactive record reached a consumer more than {@code backlogWait} after
 * it was published: every consumer of the provider's interactive group (all workers share it) was behind, so records
 * are waiting in the topic.</li>
 * </ul>
 * Why the wait and not simply whether the last poll returned records: an empty poll does prove there is no backlog,
 * but under steady light traffic every poll returns the one record just published, and a lane that waited for empty
 * polls would not run at all.
 *
 * <p>The interactive consumers report through {@link #gate}, the listener through {@link #settled}. Time comes from
 * the injected clock (the records' timestamps are the producer's wall clock).
 */
public final class InteractiveLoad {

    private static final long NEVER = Long.MIN_VALUE;

    private final Clock clock;
    private final long backlogWaitMs;
    private final long quietForMs;
    private final int busyInFlight;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** When a record last arrived late (clock millis); {@link #NEVER} before any did. */
    private volatile long lateAt = NEVER;

    public InteractiveLoad(Clock clock, Duration backlogWait, Duration quietFor, int busyInFlight) {
        this.clock = clock;
        this.backlogWaitMs = backlogWait.toMillis();
        this.quietForMs = quietFor.toMillis();
        this.busyInFlight = busyInFlight;
    }

    /** The interactive consumers' gate: {@code process}'s hold, and this load told of every poll. */
    public PollGate gate(PollGate process) {
        return new PollGate() {
            @Override
            public Duration holdFor() {
                return process.holdFor();
            }

            @Override
            public void polled(ConsumerRecords<String, byte[]> records) {
                InteractiveLoad.this.polled(records);
            }
        };
    }

    /** An interactive poll's records: each is held until {@link #settled}; a late one marks a backlog. */
    public void polled(ConsumerRecords<String, byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        inFlight.addAndGet(records.count());
        long now = clock.millis();
        for (ConsumerRecord<String, byte[]> record : records) {
            if (now - record.timestamp() > backlogWaitMs) {
                lateAt = now;
                return;
            }
        }
    }

    /** One interactive record's work is over. */
    public void settled() {
        inFlight.decrementAndGet();
    }

    /** Interactive records the process holds. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Whether interactive work needs the provider now (see above). */
    public boolean busy() {
        long late = lateAt;
        return inFlight.get() >= busyInFlight || late != NEVER && clock.millis() - late < quietForMs;
    }
}
