package dev.llmpool.batch.summarize.service;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The offsets a consumer may commit when its records finish out of order: per partition, the offsets read and not
 * done yet; what may be committed is the first of them, or the offset after the last record read when none is left,
 * so a record not done is always read again after a restart. Not thread-safe: the consumer's thread only.
 */
final class PendingOffsets {

    private final Map<TopicPartition, TreeSet<Long>> pending = new HashMap<>();
    private final Map<TopicPartition, Long> next = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();

    void read(TopicPartition partition, long offset) {
        pending.computeIfAbsent(partition, p -> new TreeSet<>()).add(offset);
        next.merge(partition, offset + 1, Math::max);
    }

    /** A record is done; one of a partition forgotten since is ignored. */
    void done(TopicPartition partition, long offset) {
        TreeSet<Long> offsets = pending.get(partition);
        if (offsets != null) {
            offsets.remove(offset);
        }
    }

    /** Records read and not done, over every partition. */
    int pending() {
        return pending.values().stream().mapToInt(TreeSet::size).sum();
    }

    /** What may be committed beyond what was, for the given partitions. */
    Map<TopicPartition, OffsetAndMetadata> committable(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : partitions) {
            Long after = next.get(partition);
            if (after == null) {
                continue;
            }
            TreeSet<Long> open = pending.get(partition);
            long offset = open == null || open.isEmpty() ? after : open.first();
            if (offset > committed.getOrDefault(partition, -1L)) {
                offsets.put(partition, new OffsetAndMetadata(offset));
            }
        }
        return offsets;
    }

    void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((partition, offset) -> committed.merge(partition, offset.offset(), Math::max));
    }

    /** Partitions this consumer no longer has: their records are another's to read again. */
    void forget(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            pending.remove(partition);
            next.remove(partition);
            committed.remove(partition);
        }
    }
}
