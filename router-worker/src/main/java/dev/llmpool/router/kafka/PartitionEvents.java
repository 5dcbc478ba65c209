package dev.llmpool.router.kafka;

import dev.llmpool.router.effects.RouterMetrics;
import java.util.Collection;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the partitions the router's consumers are assigned, have revoked by a rebalance, and lose (the group evicted
 * the consumer: a poll ran past {@code max.poll.interval.ms}, which {@link PollBudget} is there to prevent).
 */
public final class PartitionEvents implements ConsumerRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(PartitionEvents.class);

    private final RouterMetrics metrics;

    public PartitionEvents(RouterMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        metrics.partitions("assigned", partitions.size());
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        metrics.partitions("revoked", partitions.size());
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        log.warn("Partitions {} lost: the group evicted this consumer", partitions);
        metrics.partitions("lost", partitions.size());
    }
}
