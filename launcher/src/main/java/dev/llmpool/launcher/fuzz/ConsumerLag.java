package dev.llmpool.launcher.fuzz;

import dev.llmpool.schemas.names.Topics;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What the pool's consumers have left unread: the router's group on {@code llm.requests} and {@code llm.attempts}
 * (committed offsets against the ends) and each provider's share group on {@code llm.provider.<p>} (the broker's own
 * count of records not yet acknowledged).
 */
final class ConsumerLag {

    static final String ROUTER_GROUP = "llmpool-router";
    static final String SHARE_GROUP_PREFIX = "llmpool-provider-";

    private final Admin admin;

    ConsumerLag(Admin admin) {
        this.admin = admin;
    }

    /** Records left, by {@code <group> <topic>}; a group that does not exist is left out. */
    Map<String, Long> now() {
        Map<String, Long> lag = new TreeMap<>();
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(ROUTER_GROUP)
                    .partitionsToOffsetAndMetadata().get();
            Set<TopicPartition> routerPartitions = TopicReader.partitions(admin,
                    t -> t.equals(Topics.REQUESTS) || t.equals(Topics.ATTEMPTS));
            Map<TopicPartition, Long> ends = TopicReader.ends(admin, routerPartitions);
            ends.forEach((tp, end) -> {
                OffsetAndMetadata at = committed.get(tp);
                long left = at == null ? end : Math.max(0, end - at.offset());
                lag.merge(ROUTER_GROUP + " " + tp.topic(), left, Long::sum);
            });
            Set<String> groups = new java.util.HashSet<>();
            admin.listGroups().all().get().forEach(g -> {
                if (g.groupId().startsWith(SHARE_GROUP_PREFIX)) {
                    groups.add(g.groupId());
                }
            });
            if (!groups.isEmpty()) {
                Map<String, ListShareGroupOffsetsSpec> specs = new HashMap<>();
                groups.forEach(g -> specs.put(g, new ListShareGroupOffsetsSpec()));
                Map<String, Map<TopicPartition, SharePartitionOffsetInfo>> shares = admin.listShareGroupOffsets(specs)
                        .all().get();
                shares.forEach((group, partitions) -> partitions.forEach((tp, info) -> {
                    if (info != null) {
                        lag.merge(group + " " + tp.topic(), info.lag().orElse(0L), Long::sum);
                    }
                }));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the consumer groups: " + e.getCause(), e.getCause());
        }
        return lag;
    }

    static long total(Map<String, Long> lag) {
        return lag.values().stream().mapToLong(Long::longValue).sum();
    }
}
