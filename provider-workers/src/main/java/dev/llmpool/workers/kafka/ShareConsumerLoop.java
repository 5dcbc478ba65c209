package dev.llmpool.workers.kafka;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.AcknowledgingShareConsumerAwareMessageListener;
import org.springframework.kafka.support.ShareAcknowledgment;

/**
 * One share consumer of a provider's group and the platform thread that drives it: poll, hand each record to the
 * listener with a {@link ShareAcknowledgment}, apply the acknowledgements the listener's attempts send back from
 * other threads, poll again.
 *
 * <p>The Kafka share consumer (explicit acknowledgement) refuses to poll while a record of its last poll is neither
 * acknowledged nor renewed. This loop therefore polls only when every record of the last poll is settled (or
 * renewed), and until then waits on its queue of acknowledgements, so the acknowledgement that settles the last
 * record starts the next poll at once, and it goes out with that poll's share fetch. (Spring Kafka's share container
 * instead retries {@code poll()} and sleeps 10 ms each time it is refused, which adds up to 10 ms to every batch.)
 * A renewed record comes back from a later poll with a new acknowledgement handle, as with the container.
 *
 * <p>Before each poll it asks its {@link PollGate}; while its provider is paused (or its lane has no room) it takes no
 * records (and keeps applying the acknowledgements and renewals of those it holds), and after each poll the gate
 * allowed it tells the gate what came back.
 */
public final class ShareConsumerLoop implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(ShareConsumerLoop.class);
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(1);
    private static final Settlement WAKE = new Settlement(null, null);

    private final String groupId;
    private final String topic;
    private final String clientId;
    private final ShareConsumer<String, byte[]> consumer;
    private final AcknowledgingShareConsumerAwareMessageListener<String, byte[]> listener;
    private final Clock clock;
    private final PollGate gate;
    private boolean pauseHeld;
    private final LinkedBlockingQueue<Settlement> settlements = new LinkedBlockingQueue<>();
    /** Records of the last poll without an acknowledgement applied yet; only the loop thread touches it. */
    private final Set<ConsumerRecord<String, byte[]>> unsettled = Collections.newSetFromMap(new IdentityHashMap<>());
    private volatile boolean running;
    private volatile boolean retiring;
    private volatile boolean polling;
    /** The longest a record it polled had waited in its topic since the last look (ms, by the record's timestamp). */
    private final AtomicLong longestWait = new AtomicLong();
    /** When the records it holds were polled (System.nanoTime), or 0 while it holds none. */
    private volatile long holdingSince;
    /** When it last let go of its last record (or started), while it holds none. */
    private volatile long idleSince = System.nanoTime();
    private Thread thread;

    /** The consumer is created by the caller and from then on used by this loop's thread only. */
    public ShareConsumerLoop(String groupId, String topic, String clientId, ShareConsumer<String, byte[]> consumer,
                             AcknowledgingShareConsumerAwareMessageListener<String, byte[]> listener, Clock clock) {
        this(groupId, topic, clientId, consumer, listener, clock, PollGate.OPEN);
    }

    /** @param gate asked before each poll whether to hold off (its provider is paused) */
    public ShareConsumerLoop(String groupId, String topic, String clientId, ShareConsumer<String, byte[]> consumer,
                             AcknowledgingShareConsumerAwareMessageListener<String, byte[]> listener, Clock clock,
                             PollGate gate) {
        this.gate = gate;
        this.groupId = groupId;
        this.topic = topic;
        this.clientId = clientId;
        this.consumer = consumer;
        this.listener = listener;
        this.clock = clock;
    }

    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name(clientId).start(this);
    }

    /** Stops polling, waits for the thread to close the consumer (unsettled records return to the group). */
    public void stop(Duration timeout) {
        Thread current;
        synchronized (this) {
            current = thread;
            running = false;
        }
        if (current == null) {
            return;
        }
        settlements.offer(WAKE);
        consumer.wakeup();
        try {
            if (!current.join(timeout)) {
                log.warn("Share consumer {} did not stop within {}", clientId, timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops taking records but keeps applying the acknowledgements of those it holds; the consumer leaves its group
     * once they are all settled.
     */
    public void retire() {
        retiring = true;
        settlements.offer(WAKE);
        if (polling) {
            consumer.wakeup();
        }
    }

    public boolean isRunning() {
        return running;
    }

    /** True once {@link #retire} was called or the loop stopped. */
    public boolean retired() {
        return retiring || !running;
    }

    /** How long it has held records without being able to poll, in nanoseconds; 0 when it holds none. */
    public long holdingForNanos(long now) {
        long since = holdingSince;
        return since == 0 ? 0 : Math.max(1, now - since);
    }

    /**
     * The longest time a record this consumer received since the last call had spent in its topic before that (from
     * the record's timestamp); resets. Records that waited mean the group's consumers were all busy.
     */
    public long takeLongestWaitMillis() {
        return longestWait.getAndSet(0);
    }

    /** How long it has held nothing, in nanoseconds; 0 while it holds records. */
    public long idleForNanos(long now) {
        return holdingSince != 0 ? 0 : Math.max(0, now - idleSince);
    }

    public String groupId() {
        return groupId;
    }

    public String topic() {
        return topic;
    }

    public String clientId() {
        return clientId;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topic));
            while (running) {
                try {
                    step();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (RuntimeException e) {
                    log.error("Share consumer {} failed; polling again in 1 s", clientId, e);
                    pause();
                }
            }
        } finally {
            try {
                consumer.close();
            } catch (RuntimeException e) {
                log.warn("Share consumer {} did not close cleanly: {}", clientId, e.toString());
            }
            log.info("Share consumer {} of {} stopped", clientId, groupId);
        }
    }

    private void step() throws InterruptedException {
        for (Settlement next = settlements.poll(); next != null; next = settlements.poll()) {
            apply(next);
        }
        if (!unsettled.isEmpty()) {
            Settlement next = settlements.poll(POLL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (next != null) {
                apply(next);
            }
            return;
        }
        if (retiring) {
            running = false;
            return;
        }
        Duration hold = gate.holdFor();
        if (hold.isPositive()) {
            if (!pauseHeld) {
                pauseHeld = true;
                if (hold.compareTo(POLL_TIMEOUT) >= 0) {
                    log.info("Share consumer {}: provider paused; not taking records for {} ms", clientId,
                            hold.toMillis());
                } else {
                    log.debug("Share consumer {}: holding off for {} ms (paused or at capacity)", clientId,
                            hold.toMillis());
                }
            }
            long waitMs = Math.max(1, Math.min(hold.toMillis(), POLL_TIMEOUT.toMillis()));
            Settlement next = settlements.poll(waitMs, TimeUnit.MILLISECONDS);
            if (next != null) {
                apply(next);
            }
            return;
        }
        pauseHeld = false;
        ConsumerRecords<String, byte[]> records = ConsumerRecords.empty();
        polling = true;
        try {
            if (!settlements.isEmpty()) {
                return;
            }
            records = consumer.poll(POLL_TIMEOUT);
        } catch (WakeupException e) {
            return;
        } catch (RecordDeserializationException e) {
            log.warn("Share consumer {}: {}-{}@{} cannot be deserialized; rejecting it", clientId,
                    e.topicPartition().topic(), e.topicPartition().partition(), e.offset(), e);
            consumer.acknowledge(e.topicPartition().topic(), e.topicPartition().partition(), e.offset(),
                    AcknowledgeType.REJECT);
            return;
        } catch (CorruptRecordException e) {
            log.error("Share consumer {}: corrupt records (the client rejected the batch)", clientId, e);
            return;
        } finally {
            polling = false;
            gate.polled(records);
        }
        if (!records.isEmpty()) {
            holdingSince = System.nanoTime();
        }
        long now = clock.millis();
        for (ConsumerRecord<String, byte[]> record : records) {
            long waited = now - record.timestamp();
            longestWait.accumulateAndGet(waited, Math::max);
            unsettled.add(record);
            Handle handle = new Handle(record);
            try {
                listener.onShareRecord(record, handle, consumer);
            } catch (RuntimeException e) {
                log.error("Share consumer {}: the listener failed on {}; rejecting the record", clientId,
                        RecordKey.of(record), e);
                try {
                    handle.settleOnce(AcknowledgeType.REJECT);
                } catch (IllegalStateException settled) {
                    // the listener settled it before failing
                }
            }
        }
    }

    private void apply(Settlement settlement) {
        if (settlement == WAKE) {
            return;
        }
        try {
            consumer.acknowledge(settlement.record(), settlement.type());
        } catch (IllegalStateException | KafkaException e) {
            log.debug("Share consumer {}: {} of {} not applied: {}", clientId, settlement.type(),
                    RecordKey.of(settlement.record()), e.toString());
        }
        if (unsettled.remove(settlement.record()) && unsettled.isEmpty()) {
            idleSince = System.nanoTime();
            holdingSince = 0;
        }
    }

    private void pause() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void enqueue(Settlement settlement) {
        settlements.offer(settlement);
        if (polling) {
            consumer.wakeup();
        }
    }

    private record Settlement(ConsumerRecord<String, byte[]> record, AcknowledgeType type) {
    }

    /**
     * One delivery's acknowledgement handle: any number of renewals, then one terminal acknowledgement; each is queued
     * for the loop thread, which applies it to the consumer.
     */
    private final class Handle implements ShareAcknowledgment {

        private final ConsumerRecord<String, byte[]> record;
        private final AtomicReference<AcknowledgeType> terminal = new AtomicReference<>();

        Handle(ConsumerRecord<String, byte[]> record) {
            this.record = record;
        }

        @Override
        public void acknowledge() {
            settleOnce(AcknowledgeType.ACCEPT);
        }

        @Override
        public void release() {
            settleOnce(AcknowledgeType.RELEASE);
        }

        @Override
        public void reject() {
            settleOnce(AcknowledgeType.REJECT);
        }

        @Override
        public void renew() {
            AcknowledgeType done = terminal.get();
            if (done != null) {
                throw new IllegalStateException("Record at offset " + record.offset() + " was already " + done);
            }
            enqueue(new Settlement(record, AcknowledgeType.RENEW));
        }

        void settleOnce(AcknowledgeType type) {
            if (!terminal.compareAndSet(null, type)) {
                throw new IllegalStateException("Record at offset " + record.offset() + " was already "
                        + terminal.get());
            }
            enqueue(new Settlement(record, type));
        }

        @Override
        public String toString() {
            return "Handle{" + RecordKey.of(record) + ", " + terminal.get() + "}";
        }
    }
}
