package dev.llmpool.core.redis;

import io.lettuce.core.RedisCommandTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one job's events after a given id, then follows new ones as they are announced: in order, with no
 * gap and no duplicate. It subscribes first, then reads the history, then hands over to the live feed,
 * dropping what the history already gave. Obtained from {@link JobEventStream#tail} (opened) or
 * {@link JobEventStream#subscribe} (subscription asked for; finish with {@link #startFromHistory} or
 * {@link #startWith}). Pull with {@link #poll}; close when done.
 *
 * <p>When the pub/sub connection was lost and its channel is subscribed again, the tail catches up the same way:
 * it reads the stream after the last entry it has (on a virtual thread of its own), merging what arrives live
 * meanwhile, so a tail that outlives a Redis outage still gets every event, in order.
 */
public final class EventTail implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventTail.class);
    private static final Duration CATCH_UP_FIRST_WAIT = Duration.ofMillis(20);
    private static final Duration CATCH_UP_MAX_WAIT = Duration.ofSeconds(1);

    private final LinkedBlockingQueue<StreamEntry> ready = new LinkedBlockingQueue<>();
    private final ArrayDeque<StreamEntry> early = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final StreamSubscriptions.Subscription subscription;
    private final JobEventStream stream;
    private final String correlationId;
    private final Duration timeout;
    private boolean catchingUp = true;
    private boolean started;
    private boolean again;
    private boolean closed;
    private String last;

    /**
     * Asks for the channel; the tail follows nothing until started.
     *
     * @param timeout how long starting waits for Redis to confirm the subscription
     */
    EventTail(JobEventStream stream, StreamSubscriptions subscriptions, String channel, String correlationId,
              String afterId, Duration timeout) {
        this.stream = stream;
        this.correlationId = correlationId;
        this.timeout = timeout;
        this.last = afterId == null ? StreamIds.START : afterId;
        this.subscription = subscriptions.subscribe(channel,
                new StreamSubscriptions.Listener(this::onLive, this::onResubscribed));
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
            awaitSubscription();
            List<StreamEntry> history = known != null ? known : stream.range(correlationId, last);
            lock.lock();
            try {
                merge(history);
                started = true;
            } finally {
                lock.unlock();
            }
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Waits at most the timeout for Redis to confirm the channel; its failure is rethrown unwrapped. */
    private void awaitSubscription() {
        try {
            subscription.confirmed().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while subscribing to the events of " + correlationId, e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new RedisCommandTimeoutException("Redis did not confirm the subscription to the events of "
                    + correlationId + " within " + timeout);
        }
    }

    /** Called with the lock held: the entries read from the stream, then those that came live meanwhile. */
    private void merge(List<StreamEntry> history) {
        history.forEach(this::offerIfNew);
        early.forEach(this::offerIfNew);
        early.clear();
        catchingUp = false;
    }

    /** On Lettuce's I/O thread: hands the catching up to a thread of its own (or to the one already at it). */
    private void onResubscribed() {
        lock.lock();
        try {
            if (!started || closed) {
                return;
            }
            if (catchingUp) {
                again = true;
                return;
            }
            catchingUp = true;
        } finally {
            lock.unlock();
        }
        Thread.ofVirtual().name("llmpool-tail-" + correlationId).start(this::catchUp);
    }

    /**
     * Reads what was announced while the channel was lost; live entries wait in {@code early} meanwhile. The read is
     * tried again, waiting longer each time up to {@link #CATCH_UP_MAX_WAIT}, while Redis is still away for it (the
     * pub/sub connection may be back before the one the stream is read over) and the tail is open.
     */
    private void catchUp() {
        Duration wait = CATCH_UP_FIRST_WAIT;
        while (true) {
            String from;
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                from = last;
            } finally {
                lock.unlock();
            }
            List<StreamEntry> missed;
            try {
                missed = stream.range(correlationId, from);
            } catch (RuntimeException e) {
                if (!RedisFailures.unavailable(e)) {
                    log.warn("Could not read the events of {} missed while Redis was away: {}", correlationId,
                            e.toString());
                    missed = List.of();
                } else if (pause(wait)) {
                    wait = wait.multipliedBy(2).compareTo(CATCH_UP_MAX_WAIT) > 0 ? CATCH_UP_MAX_WAIT
                            : wait.multipliedBy(2);
                    continue;
                } else {
                    return;
                }
            }
            lock.lock();
            try {
                if (!again) {
                    merge(missed);
                    return;
                }
                again = false; // lost once more meanwhile: read again from here
                missed.forEach(this::offerIfNew);
            } finally {
                lock.unlock();
            }
        }
    }

    /** False when interrupted. */
    private static boolean pause(Duration wait) {
        try {
            Thread.sleep(wait);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
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
        lock.lock();
        try {
            closed = true;
        } finally {
            lock.unlock();
        }
        subscription.cancel().run();
    }
}
