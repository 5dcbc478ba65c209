package dev.llmpool.workers.lanes;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsResult;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records waiting in each lane's topic for its share group ({@code llmpool.lanes.backlog}): per partition, the
 * share group's lag (Kafka 4.2's {@code Admin.listShareGroupOffsets}: records from the group's start offset to the log
 * end not yet acknowledged), or, where the broker has no lag for it yet, the log end minus the group's start offset
 * (the log start for a group that has not started). Records a worker took and acknowledged under a lease are no longer
 * waiting.
 * <p>
 * Read only when asked: a read of a value older than {@code refresh} answers the value at hand and has every lane read
 * again on a thread of its own, all lanes in one round of admin requests (topics, share-group offsets, log offsets).
 * A pool nobody scrapes sends the broker nothing for it; an idle one scraped every 15 s, a few requests per scrape.
 */
public final class LaneBacklog implements AutoCloseable {

    /** One lane to measure. */
    public record Lane(String provider, String name, String topic, String group) {
    }

    private static final Logger log = LoggerFactory.getLogger(LaneBacklog.class);

    private final Admin admin;
    private final List<Lane> lanes;
    private final Duration timeout;
    private final Duration refresh;
    private final Clock clock;
    private final Map<Lane, Long> backlogs = new ConcurrentHashMap<>();
    private final AtomicBoolean reading = new AtomicBoolean();
    private volatile long lastRead = Long.MIN_VALUE;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("llmpool-lane-backlog").factory());

    /**
     * @param timeout how long one admin request may take
     * @param refresh how old a value may be before a read has the lanes read again
     */
    public LaneBacklog(Admin admin, List<Lane> lanes, Duration timeout, Duration refresh, Clock clock) {
        this.admin = admin;
        this.lanes = List.copyOf(lanes);
        this.timeout = timeout;
        this.refresh = refresh;
        this.clock = clock;
    }

    public List<Lane> lanes() {
        return lanes;
    }

    /** The lane's backlog as last read (NaN before the first read); a value older than the refresh is read again. */
    public double backlog(Lane lane) {
        readAgainIfOld();
        Long value = backlogs.get(lane);
        return value == null ? Double.NaN : value;
    }

    private void readAgainIfOld() {
        long now = clock.millis();
        if (lastRead != Long.MIN_VALUE && now - lastRead < refresh.toMillis() || !reading.compareAndSet(false, true)) {
            return;
        }
        lastRead = now;
        try {
            reader.execute(() -> {
                try {
                    refresh();
                } finally {
                    reading.set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            reading.set(false); // closed
        }
    }

    /** Reads every lane's backlog now. */
    public void refresh() {
        try {
            backlogs.putAll(readAll());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.debug("Lane backlogs not read: {}", e.toString());
        }
    }

    private Map<Lane, Long> readAll() throws InterruptedException, ExecutionException, TimeoutException {
        List<String> topics = lanes.stream().map(Lane::topic).distinct().toList();
        Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<Lane, List<TopicPartition>> partitions = new LinkedHashMap<>();
        Map<String, ListShareGroupOffsetsSpec> specs = new HashMap<>();
        for (Lane lane : lanes) {
            List<TopicPartition> own = new ArrayList<>();
            described.get(lane.topic()).partitions()
                    .forEach(p -> own.add(new TopicPartition(lane.topic(), p.partition())));
            partitions.put(lane, own);
            specs.put(lane.group(), new ListShareGroupOffsetsSpec().topicPartitions(own));
        }
        ListShareGroupOffsetsResult offsets = admin.listShareGroupOffsets(specs);
        Map<Lane, Map<TopicPartition, SharePartitionOffsetInfo>> groups = new HashMap<>();
        List<TopicPartition> withoutLag = new ArrayList<>();
        for (Lane lane : lanes) {
            Map<TopicPartition, SharePartitionOffsetInfo> group = offsets.partitionsToOffsetInfo(lane.group())
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            groups.put(lane, group);
            partitions.get(lane).stream().filter(p -> group.get(p) == null || group.get(p).lag().isEmpty())
                    .forEach(withoutLag::add);
        }
        Map<TopicPartition, Long> ends = offsets(withoutLag, OffsetSpec.latest());
        Map<TopicPartition, Long> starts = offsets(withoutLag, OffsetSpec.earliest());
        Map<Lane, Long> read = new HashMap<>();
        for (Lane lane : lanes) {
            read.put(lane, backlog(partitions.get(lane), groups.get(lane), starts, ends));
        }
        log.debug("Lane backlogs: {}", read);
        return read;
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(p -> request.put(p, spec));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listOffsets(request).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .forEach((p, info) -> offsets.put(p, info.offset()));
        return offsets;
    }

    /**
     * The backlog of a topic's partitions: the group's lag where it has one, else the log end minus the group's start
     * offset (or the log start, for a partition the group has no offset of). Pure.
     */
    static long backlog(List<TopicPartition> partitions, Map<TopicPartition, SharePartitionOffsetInfo> group,
                        Map<TopicPartition, Long> logStarts, Map<TopicPartition, Long> logEnds) {
        long total = 0;
        for (TopicPartition partition : partitions) {
            SharePartitionOffsetInfo info = group.get(partition);
            if (info != null && info.lag().isPresent()) {
                total += Math.max(0, info.lag().get());
                continue;
            }
            long end = logEnds.getOrDefault(partition, 0L);
            long start = info != null && info.startOffset() >= 0 ? info.startOffset()
                    : logStarts.getOrDefault(partition, 0L);
            total += Math.max(0, end - start);
        }
        return total;
    }

    @Override
    public void close() {
        reader.shutdownNow();
        admin.close(Duration.ofSeconds(5));
    }
}
