package dev.llmpool.batch.summarize.service;

import dev.llmpool.batch.summarize.run.PoolJobs;
import dev.llmpool.core.kafka.ConsumerThread;
import dev.llmpool.schemas.names.Topics;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code llm.summarize.requests} in the runners' consumer group and hands each record to the {@link
 * SummaryService}, at most {@code maxInFlight} at once: records read beyond that wait here while the consumer is
 * paused, so the backlog stays in Kafka. Records finish in any order; an offset is committed only once every record
 * before it is done ({@link PendingOffsets}), so a runner that stops or dies leaves every unfinished record to be
 * read again. A record read again while this runner still works on it (its partition came back) is not started
 * twice. Partitions taken away are committed first; their records in flight finish, committed by whoever has them.
 */
public final class RequestsLoop extends ConsumerThread {

    private static final Logger log = LoggerFactory.getLogger(RequestsLoop.class);
    private static final Duration POLL = Duration.ofMillis(100);
    /** The longest a commit may block (a broker gone at shutdown must not hold the process). */
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    /** A record's place. */
    private record Place(TopicPartition partition, long offset) {
        static Place of(ConsumerRecord<?, ?> record) {
            return new Place(new TopicPartition(record.topic(), record.partition()), record.offset());
        }
    }

    private final Supplier<Consumer<String, byte[]>> consumers;
    private final SummaryService service;
    private final PoolJobs jobs;
    private final int maxInFlight;
    private final PendingOffsets offsets = new PendingOffsets();
    private final Deque<ConsumerRecord<String, byte[]>> waiting = new ArrayDeque<>();
    private final Set<Place> inFlight = new HashSet<>();
    private final Queue<Place> finished = new ConcurrentLinkedQueue<>();

    public RequestsLoop(Supplier<Consumer<String, byte[]>> consumers, SummaryService service, PoolJobs jobs,
                        int maxInFlight) {
        super("llmpool-summarize-requests");
        this.consumers = consumers;
        this.service = service;
        this.jobs = jobs;
        this.maxInFlight = maxInFlight;
    }

    @Override
    protected void loop() {
        try {
            jobs.awaitReady(READY_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            log.error("The summarization service cannot start: {}", e.toString());
            return;
        }
        try (Consumer<String, byte[]> kafka = consumers.get()) {
            attach(kafka);
            kafka.subscribe(List.of(Topics.SUMMARIZE_REQUESTS), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    settle();
                    commit(kafka, partitions);
                    forget(partitions);
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    forget(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                }
            });
            while (isRunning()) {
                settle();
                startWaiting();
                if (!waiting.isEmpty()) {
                    kafka.pause(kafka.assignment());
                } else if (!kafka.paused().isEmpty()) {
                    kafka.resume(kafka.paused());
                }
                commit(kafka, kafka.assignment());
                ConsumerRecords<String, byte[]> records;
                try {
                    records = kafka.poll(POLL);
                } catch (WakeupException e) {
                    break; // stopping
                }
                for (ConsumerRecord<String, byte[]> record : records) {
                    offsets.read(new TopicPartition(record.topic(), record.partition()), record.offset());
                    if (!inFlight.contains(Place.of(record))) {
                        waiting.add(record);
                    }
                }
                startWaiting();
            }
            settle();
            commit(kafka, kafka.assignment());
        } catch (RuntimeException e) {
            log.error("The summarization service's consumer stopped", e);
        } finally {
            attach(null);
        }
    }

    /** Starts waiting records while there is room. */
    private void startWaiting() {
        while (inFlight.size() < maxInFlight && !waiting.isEmpty()) {
            ConsumerRecord<String, byte[]> record = waiting.poll();
            Place place = Place.of(record);
            inFlight.add(place);
            service.handle(record).whenComplete((ignored, error) -> finished.add(place));
        }
    }

    /** Takes in the records that finished. */
    private void settle() {
        for (Place place = finished.poll(); place != null; place = finished.poll()) {
            inFlight.remove(place);
            offsets.done(place.partition(), place.offset());
        }
    }

    private void forget(Collection<TopicPartition> partitions) {
        offsets.forget(partitions);
        waiting.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
    }

    private void commit(Consumer<String, byte[]> kafka, Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> committable = offsets.committable(partitions);
        if (committable.isEmpty()) {
            return;
        }
        try {
            kafka.commitSync(committable, COMMIT_TIMEOUT);
            offsets.committed(committable);
        } catch (WakeupException e) {
            log.debug("Stopping while committing the summarization requests' offsets (they are read again)");
        } catch (RuntimeException e) {
            log.warn("Could not commit the summarization requests' offsets (they are read again): {}",
                    e.toString());
        }
    }
}
