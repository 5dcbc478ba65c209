package dev.llmpool.embedded.kafka;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import kafka.server.BrokerServer;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.server.quota.ControllerMutationQuota;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Has a cluster without the group coordinator's topic ({@code __consumer_offsets}: a new one) create it while the
 * broker is idle, before any client looks for a coordinator.
 *
 * <p>Left to the pool's first consumers, the topic is created while the pool creates its own topics, and the broker
 * then takes seconds to take them all in; every consumer asking for its coordinator meanwhile has the broker ask the
 * controller to create the topic again, and each refusal is a WARN ("Auto topic creation failed for
 * __consumer_offsets with error 'TOPIC_ALREADY_EXISTS'"), a screen of them on a new data folder. Here the broker's
 * own auto-creation is asked once, exactly as a client's coordinator lookup asks it (the coordinator's partitions
 * and settings: compacted), and the start waits until the broker's metadata holds the topic.
 */
final class GroupCoordinatorTopic {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCoordinatorTopic.class);
    private static final Duration POLL = Duration.ofMillis(10);

    private GroupCoordinatorTopic() {
    }

    /**
     * Returns at once when the broker knows the topic (a restart), else once it does, or after {@code patience} with a
     * warning (the first consumers then have it created).
     */
    static void createIfMissing(BrokerServer broker, Duration patience) throws InterruptedException {
        if (broker.metadataCache().contains(Topic.GROUP_METADATA_TOPIC_NAME)) {
            return;
        }
        long startNanos = System.nanoTime();
        broker.autoTopicCreationManager().createTopics(
                CollectionConverters.asScala(Set.of(Topic.GROUP_METADATA_TOPIC_NAME)),
                ControllerMutationQuota.UNBOUNDED_CONTROLLER_MUTATION_QUOTA, Option.empty());
        while (!broker.metadataCache().contains(Topic.GROUP_METADATA_TOPIC_NAME)) {
            if (System.nanoTime() - startNanos > patience.toNanos()) {
                LOG.warn("The new cluster's {} topic did not appear within {}; the first consumers will have it made",
                        Topic.GROUP_METADATA_TOPIC_NAME, patience);
                return;
            }
            Thread.sleep(POLL);
        }
        LOG.debug("{} created in {} ms", Topic.GROUP_METADATA_TOPIC_NAME,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    }
}
