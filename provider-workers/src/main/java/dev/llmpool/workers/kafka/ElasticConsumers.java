package dev.llmpool.workers.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The share consumers of one provider in this process, between {@code min} and {@code max} of them.
 *
 * <p>Why the number moves: a share consumer cannot poll while it holds a record of its last poll. Each record is
 * held only until its attempt's lease is in Redis (one round trip), so a few consumers are best (fewer, larger
 * fetches); when those round trips slow down, records wait in the topic for a consumer of their partition to come
 * free. So one more consumer joins the group
 * (which then shares each partition among more members) when a record reached a consumer more than
 * {@code waitedTooLong} after it was published while at least half the consumers have been holding their records
 * longer than that (waits that come from a busy machine rather than busy consumers do not count), or when every
 * consumer has been holding records for ten times that (then nothing is fetching, and what waits in the topic cannot
 * be seen from here); a consumer that has held nothing for {@code idleAfter} leaves it again, after settling what it
 * holds, down to {@code min}.
 */
final class ElasticConsumers {

    private static final Logger log = LoggerFactory.getLogger(ElasticConsumers.class);
    /** Every consumer holding records for this many times {@code waitedTooLong}: nothing fetches what may be waiting. */
    private static final int NONE_FREE_FACTOR = 10;

    private final String provider;
    private final int min;
    private final int max;
    private final long waitedTooLongMillis;
    private final long waitedTooLongNanos;
    private final long idleAfterNanos;
    private final IntFunction<ShareConsumerLoop> create;
    private final List<ShareConsumerLoop> loops = new ArrayList<>();
    private int nextIndex;

    /** @param create makes the consumer with the given index (unique within the provider), not yet started */
    ElasticConsumers(String provider, int min, int max, Duration waitedTooLong, Duration idleAfter,
                     IntFunction<ShareConsumerLoop> create) {
        this.provider = provider;
        this.min = min;
        this.max = Math.max(min, max);
        this.waitedTooLongMillis = waitedTooLong.toMillis();
        this.waitedTooLongNanos = waitedTooLong.toNanos();
        this.idleAfterNanos = idleAfter.toNanos();
        this.create = create;
    }

    synchronized void start() {
        while (loops.size() < min) {
            add();
        }
    }

    /** One scaling step: adds a consumer when records waited, retires one that idles; forgets stopped ones. */
    synchronized void adjust(long now) {
        loops.removeIf(loop -> !loop.isRunning());
        List<ShareConsumerLoop> active = loops.stream().filter(loop -> !loop.retired()).toList();
        if (active.size() < min) {
            add();
            return;
        }
        long waited = 0;
        for (ShareConsumerLoop loop : active) {
            waited = Math.max(waited, loop.takeLongestWaitMillis());
        }
        long heldUp = active.stream().filter(loop -> loop.holdingForNanos(now) > waitedTooLongNanos).count();
        boolean recordsWaited = waited > waitedTooLongMillis && heldUp * 2 >= active.size();
        boolean noneFree = active.stream().allMatch(loop -> loop.holdingForNanos(now) > NONE_FREE_FACTOR
                * waitedTooLongNanos);
        if ((recordsWaited || noneFree) && active.size() < max) {
            add();
            log.debug("Provider '{}': {}; now {} consumers", provider, recordsWaited ? "a record waited " + waited
                    + " ms for a free consumer" : "no consumer free to fetch", active.size() + 1);
            return;
        }
        if (active.size() > min) {
            active.stream().filter(loop -> loop.idleForNanos(now) > idleAfterNanos).findFirst().ifPresent(loop -> {
                loop.retire();
                log.debug("Provider '{}': consumer {} idle; now {} consumers", provider, loop.clientId(),
                        active.size() - 1);
            });
        }
    }

    private void add() {
        ShareConsumerLoop loop = create.apply(nextIndex++);
        loop.start();
        loops.add(loop);
    }

    synchronized List<ShareConsumerLoop> consumers() {
        return List.copyOf(loops);
    }

    void stop(Duration timeout) {
        List<ShareConsumerLoop> all;
        synchronized (this) {
            all = List.copyOf(loops);
            loops.clear();
        }
        all.forEach(loop -> loop.stop(timeout));
    }
}
