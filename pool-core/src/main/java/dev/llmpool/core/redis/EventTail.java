package dev.llmpool.core.redis;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Reads one job's events after a given id, then follows new ones as they are announced: in order, with no
 * gap and no duplicate. It subscribes first, then reads the history, then hands over to the live feed,
 * dropping what the history already gave. Obtained from {@link JobEventStream#tail} (opened) or
 * {@link JobEventStream#subscribe} (subscription asked for; finish with {@link #startFromHistory} or
 * {@link #startWith}). Pull with {@link #poll}; close when done.
 */
public final class EventTail implements AutoCloseable {

    private final LinkedBlockingQueue<StreamEntry> ready = new LinkedBlockingQueue<>();
    private final ArrayDeque<StreamEntry> early = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final StreamSubscriptions.Subscription subscription;
    private final JobEventStream stream;
    private final String correlationId;
    private boolean catchingUp = true;
    private String last;

    /** Asks for the channel; the tail follows nothing until started. */
    EventTail(JobEventStream stream, StreamSubscriptions subscriptions, String channel, String correlationId,
              String afterId) {
        this.stream = stream;
        this.correlationId = correlationId;
        this.last = afterId == null ? StreamIds.START : afterId;
        this.subscription = subscriptions.subscribe(channel, this::onLive);
    }

    /** Waits for the subscription, reads the stream after the starting id, then follows the live feed. */
    public EventTail startFromHistory() {
        return start(null);
    }

    /**
     * Waits for the subscription, then follows the live feed after {@code known}: the entries the caller knows the
     * stream holds, all of it, because the caller itself just wrote them to a stream nobody else writes to yet
     * (a job it has just created, before anyone else learned of the job). Saves reading the history.
     */
    public EventTail startWith(List<StreamEntry> known) {
        return start(known);
    }

    private EventTail start(List<StreamEntry> known) {
        try {
            subscription.confirmed().join();
            List<StreamEntry> history = known != null ? known : stream.range(correlationId, last);
            lock.lock();
            try {
                history.forEach(this::offerIfNew);
                early.forEach(this::offerIfNew);
                early.clear();
                catchingUp = false;
            } finally {
                lock.unlock();
            }
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void onLive(StreamEntry entry) {
        lock.lock();
        try {
            if (catchingUp) {
                early.add(entry);
            } else {
                offerIfNew(entry);
            }
        } finally {
            lock.unlock();
        }
    }

    private void offerIfNew(StreamEntry entry) {
        if (StreamIds.compare(entry.id(), last) > 0) {
            last = entry.id();
            ready.add(entry);
        }
    }

    /** The next entry, waiting up to the timeout; null when none came. */
    public StreamEntry poll(Duration timeout) throws InterruptedException {
        return ready.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The next entry if one is already here. */
    public StreamEntry pollNow() {
        return ready.poll();
    }

    @Override
    public void close() {
        subscription.cancel().run();
    }
}
