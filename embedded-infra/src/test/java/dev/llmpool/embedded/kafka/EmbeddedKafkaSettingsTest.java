package dev.llmpool.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class EmbeddedKafkaSettingsTest {

    @Test
    void ephemeralMeansARandomPortAndATempDirectory() {
        EmbeddedKafkaSettings settings = EmbeddedKafkaSettings.ephemeral();

        assertThat(settings.port()).isZero();
        assertThat(settings.dataDir()).isNull();
        assertThat(settings.extraBrokerConfig()).isEmpty();
    }

    @Test
    void brokerConfigThatWouldRedefineTheNodeIsRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> EmbeddedKafkaSettings.ephemeral().withBrokerConfig("listeners", "PLAINTEXT://:9093"))
                .withMessageContaining("listeners");
    }

    @Test
    void otherBrokerConfigOverridesTheDefaults() {
        EmbeddedKafkaSettings settings = EmbeddedKafkaSettings.ephemeral()
                .withBrokerConfig("group.share.record.lock.duration.ms", "15000")
                .withBrokerConfig("num.partitions", "7");

        Map<String, Object> props = EmbeddedKafka.brokerProperties(settings, Path.of("/tmp/k"), 9092, 40000);

        assertThat(props).containsEntry("group.share.record.lock.duration.ms", "15000")
                .containsEntry("num.partitions", "7")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:40000")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:9092");
    }

    @Test
    void aSingleBrokerCanHostEveryInternalTopic() {
        Map<String, Object> props = EmbeddedKafka.brokerProperties(
                EmbeddedKafkaSettings.ephemeral(), Path.of("/tmp/k"), 9092, 40000);

        assertThat(props).containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("share.coordinator.state.topic.replication.factor", "1")
                .containsEntry("share.coordinator.state.topic.min.isr", "1");
    }

    @Test
    void portsOutsideTheTcpRangeAreRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> EmbeddedKafkaSettings.ephemeral().withPort(70_000));
    }
}
