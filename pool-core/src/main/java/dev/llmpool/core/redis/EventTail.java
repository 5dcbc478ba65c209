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
 * dropping what the history already gave. Pull with {@link #poll}; close when done.
 */
public final class EventTail implements AutoCloseable {

    private final LinkedBlockingQueue<StreamEntry> ready = new LinkedBlockingQueue<>();
    private final ArrayDeque<StreamEntry> early = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Runnable unsubscribe;
    private boolean catchingUp = true;
    private String last;

    EventTail(JobEventStream stream, StreamSubscriptions subscriptions, String channel, String correlationId,
              String afterId) {
        this.last = afterId == null ? StreamIds.START : afterId;
        this.unsubscribe = subscriptions.subscribe(channel, this::onLive);
        List<StreamEntry> history = stream.range(correlationId, last);
        lock.lock();
        try {
            history.forEach(this::offerIfNew);
            early.forEach(this::offerIfNew);
            early.clear();
            catchingUp = false;
        } finally {
            lock.unlock();
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
        unsubscribe.run();
    }
}
