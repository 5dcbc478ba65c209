package dev.llmpool.embedded.kafka;

import static dev.llmpool.embedded.kafka.KafkaClients.admin;
import static dev.llmpool.embedded.kafka.KafkaClients.consumer;
import static dev.llmpool.embedded.kafka.KafkaClients.pollShareUntil;
import static dev.llmpool.embedded.kafka.KafkaClients.pollUntil;
import static dev.llmpool.embedded.kafka.KafkaClients.produce;
import static dev.llmpool.embedded.kafka.KafkaClients.shareConsumer;
import static dev.llmpool.embedded.kafka.KafkaClients.startShareGroupAtEarliest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import dev.llmpool.embedded.EmbeddedServerException;
import dev.llmpool.embedded.FreePorts;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIT {

    private static final String GROUP_TOPIC = "__consumer_offsets";

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start(EmbeddedKafkaSettings.ephemeral());
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void bootstrapServersPointAtTheLoopbackInterface() {
        assertThat(kafka.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
    }

    @Test
    void aProducedRecordReachesAConsumerGroupOnAnAutoCreatedTopic() throws Exception {
        produce(kafka.bootstrapServers(), "plain", List.of("hello"));

        try (KafkaConsumer<String, String> consumer = consumer(kafka.bootstrapServers(), "plain-readers")) {
            consumer.subscribe(List.of("plain"));
            List<ConsumerRecord<String, String>> records = pollUntil(consumer, 1);

            assertThat(records).extracting(ConsumerRecord::value).containsExactly("hello");
        }
        try (Admin admin = admin(kafka.bootstrapServers())) {
            var topic = admin.describeTopics(List.of("plain")).allTopicNames().get().get("plain");
            assertThat(topic.partitions()).hasSize(EmbeddedKafkaSettings.DEFAULT_PARTITIONS);
        }
    }

    @Test
    void shareGroupsAreEnabledAsAFinalizedFeature() throws Exception {
        try (Admin admin = admin(kafka.bootstrapServers())) {
            FinalizedVersionRange shareVersion =
                    admin.describeFeatures().featureMetadata().get().finalizedFeatures().get("share.version");

            assertThat(shareVersion).isNotNull();
            assertThat(shareVersion.maxVersionLevel()).isGreaterThanOrEqualTo((short) 1);
        }
    }

    @Test
    void aShareGroupReceivesEveryRecordOnceWhenEachIsAccepted() throws Exception {
        startShareGroupAtEarliest(kafka.bootstrapServers(), "share-accept");
        produce(kafka.bootstrapServers(), "share-accept", List.of("a", "b", "c"));

        try (KafkaShareConsumer<String, String> consumer = shareConsumer(kafka.bootstrapServers(), "share-accept")) {
            consumer.subscribe(List.of("share-accept"));
            List<ConsumerRecord<String, String>> records =
                    pollShareUntil(consumer, 3, record -> consumer.acknowledge(record, AcknowledgeType.ACCEPT));

            assertThat(records).extracting(ConsumerRecord::value).containsExactlyInAnyOrder("a", "b", "c");
            assertThat(records).allSatisfy(record -> assertThat(record.deliveryCount()).contains((short) 1));
        }
    }

    @Test
    void aReleasedRecordIsRedeliveredWithAHigherDeliveryCount() throws Exception {
        startShareGroupAtEarliest(kafka.bootstrapServers(), "share-release");
        produce(kafka.bootstrapServers(), "share-release", List.of("job-1"));

        try (KafkaShareConsumer<String, String> consumer = shareConsumer(kafka.bootstrapServers(), "share-release")) {
            consumer.subscribe(List.of("share-release"));
            List<ConsumerRecord<String, String>> deliveries = pollShareUntil(consumer, 2, record ->
                    consumer.acknowledge(record, record.deliveryCount().orElseThrow() == 1
                            ? AcknowledgeType.RELEASE
                            : AcknowledgeType.ACCEPT));

            assertThat(deliveries).hasSize(2);
            assertThat(deliveries).extracting(ConsumerRecord::value).containsOnly("job-1");
            assertThat(deliveries.get(1).offset()).isEqualTo(deliveries.get(0).offset());
            assertThat(deliveries).extracting(record -> record.deliveryCount().orElseThrow())
                    .containsExactly((short) 1, (short) 2);
        }
    }

    @Test
    void aNewClusterHasTheGroupCoordinatorsCompactedTopicBeforeAnyClientAsksForIt() throws Exception {
        try (EmbeddedKafka fresh = EmbeddedKafka.start(EmbeddedKafkaSettings.ephemeral());
             Admin admin = admin(fresh.bootstrapServers())) {
            // a metadata request never creates a topic: the broker knows it already, so no consumer has it created
            TopicDescription offsets = admin.describeTopics(List.of(GROUP_TOPIC)).allTopicNames().get().get(GROUP_TOPIC);
            Config config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, GROUP_TOPIC)))
                    .all().get().values().iterator().next();

            assertThat(offsets.isInternal()).isTrue();
            assertThat(offsets.partitions()).hasSize(5);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        }
    }

    @Test
    void aSecondBrokerOnATakenPortFailsToStart() {
        int port = Integer.parseInt(kafka.bootstrapServers().substring(kafka.bootstrapServers().indexOf(':') + 1));

        assertThatThrownBy(() -> EmbeddedKafka.start(EmbeddedKafkaSettings.ephemeral().withPort(port)))
                .isInstanceOf(EmbeddedServerException.class)
                .hasMessageContaining(Integer.toString(port));
    }

    @Test
    void aDataDirectoryInUseByARunningBrokerIsRefused(@TempDir Path dataDir) {
        try (EmbeddedKafka running = EmbeddedKafka.start(EmbeddedKafkaSettings.persistent(0, dataDir))) {
            assertThatThrownBy(() -> EmbeddedKafka.start(EmbeddedKafkaSettings.persistent(0, dataDir)))
                    .isInstanceOf(EmbeddedServerException.class)
                    .hasMessageContaining("in use");
            assertThat(running.clusterId()).isNotBlank();
        }
    }

    @Test
    void closingAnEphemeralBrokerDeletesItsData() {
        EmbeddedKafka ephemeral = EmbeddedKafka.start(EmbeddedKafkaSettings.ephemeral());
        Path dataDir = ephemeral.dataDir();
        assertThat(dataDir).isDirectory();

        ephemeral.close();
        ephemeral.close();

        assertThat(Files.exists(dataDir)).isFalse();
    }

    @Test
    void recordsAndTopicsSurviveARestartOnTheSameDataDirectory(@TempDir Path dataDir) throws Exception {
        EmbeddedKafkaSettings settings = EmbeddedKafkaSettings.persistent(FreePorts.findFreePort(), dataDir);
        List<String> jobs = IntStream.range(0, 10).mapToObj(i -> "job-" + i).toList();
        String clusterId;
        String bootstrapServers;
        try (EmbeddedKafka first = EmbeddedKafka.start(settings)) {
            clusterId = first.clusterId();
            bootstrapServers = first.bootstrapServers();
            produce(first.bootstrapServers(), "jobs", jobs);
        }

        try (EmbeddedKafka second = EmbeddedKafka.start(settings);
             KafkaConsumer<String, String> consumer = consumer(second.bootstrapServers(), "after-restart")) {
            assertThat(second.clusterId()).isEqualTo(clusterId);
            assertThat(second.bootstrapServers()).isEqualTo(bootstrapServers);
            consumer.subscribe(List.of("jobs"));
            List<ConsumerRecord<String, String>> records = pollUntil(consumer, jobs.size());

            assertThat(records).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(jobs);
        }
    }

    @Test
    void aShareGroupResumesWithTheQueuedRecordsAfterARestart(@TempDir Path dataDir) throws Exception {
        EmbeddedKafkaSettings settings = EmbeddedKafkaSettings.persistent(FreePorts.findFreePort(), dataDir);
        List<String> done = List.of("job-0", "job-1", "job-2", "job-3", "job-4");
        List<String> queued = List.of("job-5", "job-6", "job-7", "job-8", "job-9");
        try (EmbeddedKafka first = EmbeddedKafka.start(settings)) {
            startShareGroupAtEarliest(first.bootstrapServers(), "workers");
            produce(first.bootstrapServers(), "queue", done);
            try (KafkaShareConsumer<String, String> worker = shareConsumer(first.bootstrapServers(), "workers")) {
                worker.subscribe(List.of("queue"));
                List<ConsumerRecord<String, String>> accepted = pollShareUntil(worker, done.size(),
                        record -> worker.acknowledge(record, AcknowledgeType.ACCEPT));
                assertThat(accepted).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(done);
            }
            produce(first.bootstrapServers(), "queue", queued);
        }

        try (EmbeddedKafka second = EmbeddedKafka.start(settings);
             KafkaShareConsumer<String, String> worker = shareConsumer(second.bootstrapServers(), "workers")) {
            worker.subscribe(List.of("queue"));
            List<ConsumerRecord<String, String>> afterRestart = pollShareUntil(worker, queued.size(),
                    record -> worker.acknowledge(record, AcknowledgeType.ACCEPT));

            assertThat(afterRestart).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(queued);
        }
    }
}
