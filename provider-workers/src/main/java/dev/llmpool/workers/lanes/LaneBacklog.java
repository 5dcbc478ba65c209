package dev.llmpool.workers.lanes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records waiting in each lane's topic for its share group ({@code llmpool.lanes.backlog}), read from Kafka every
 * {@code refresh} on a thread of its own: per partition, the share group's lag (Kafka 4.2's
 * {@code Admin.listShareGroupOffsets}: records from the group's start offset to the log end not yet acknowledged),
 * or, where the broker has no lag for it yet, the log end minus the group's start offset (the log start for a group
 * that has not started). Records a worker took and acknowledged under a lease are no longer waiting.
 */
public final class LaneBacklog implements AutoCloseable {

    /** One lane to measure. */
    public record Lane(String provider, String name, String topic, String group) {
    }

    private static final Logger log = LoggerFactory.getLogger(LaneBacklog.class);

    private final Admin admin;
    private final List<Lane> lanes;
    private final Duration timeout;
    private final Map<Lane, Long> backlogs = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("llmpool-lane-backlog").factory());

    public LaneBacklog(Admin admin, List<Lane> lanes, Duration timeout) {
        this.admin = admin;
        this.lanes = List.copyOf(lanes);
        this.timeout = timeout;
    }

    public LaneBacklog start(Duration every) {
        long millis = Math.max(1, every.toMillis());
        scheduler.scheduleWithFixedDelay(this::refresh, 0, millis, TimeUnit.MILLISECONDS);
        return this;
    }

    public List<Lane> lanes() {
        return lanes;
    }

    /** The lane's backlog as last read; NaN before the first read. */
    public double backlog(Lane lane) {
        Long value = backlogs.get(lane);
        return value == null ? Double.NaN : value;
    }

    /** Reads every lane's backlog now. */
    public void refresh() {
        for (Lane lane : lanes) {
            try {
                backlogs.put(lane, read(lane));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                log.debug("Backlog of {} not read: {}", lane.topic(), e.toString());
            }
        }
    }

    private long read(Lane lane) throws InterruptedException, ExecutionException, TimeoutException {
        TopicDescription topic = admin.describeTopics(List.of(lane.topic())).allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(lane.topic());
        List<TopicPartition> partitions = new ArrayList<>();
        topic.partitions().forEach(p -> partitions.add(new TopicPartition(lane.topic(), p.partition())));
        Map<TopicPartition, SharePartitionOffsetInfo> group = admin.listShareGroupOffsets(
                        Map.of(lane.group(), new ListShareGroupOffsetsSpec().topicPartitions(partitions)))
                .partitionsToOffsetInfo(lane.group()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        List<TopicPartition> withoutLag = partitions.stream()
                .filter(p -> group.get(p) == null || group.get(p).lag().isEmpty()).toList();
        Map<TopicPartition, Long> ends = offsets(withoutLag, OffsetSpec.latest());
        Map<TopicPartition, Long> starts = offsets(withoutLag, OffsetSpec.earliest());
        long backlog = backlog(partitions, group, starts, ends);
        log.debug("Backlog of {}: {} ({} of {} partitions by the group's lag)", lane.topic(), backlog,
                partitions.size() - withoutLag.size(), partitions.size());
        return backlog;
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
        scheduler.shutdownNow();
        admin.close(Duration.ofSeconds(5));
    }
}
