package dev.llmpool.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.redis.testcontainers.RedisContainer;
import dev.llmpool.launcher.app.LlmPoolApplication;
import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.Topics;
import dev.llmpool.simulator.ProviderSimulator;
import dev.llmpool.simulator.SimulatorSettings;
import dev.llmpool.testing.KafkaProbe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The same Kafka-only path on containers: the apache/kafka 4.2 image (share groups on) and a Redis image.
 * Switches itself off where no Docker engine runs; the embedded suite carries the proof there.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(classes = LlmPoolApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ContainersEndToEndIT {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer(DockerImageName.parse("apache/kafka:4.2.0"))
            .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
            .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1");

    @Container
    static final RedisContainer REDIS = new RedisContainer(DockerImageName.parse("redis:7.4"));

    static final ProviderSimulator SIMULATOR = ProviderSimulator.start(SimulatorSettings.defaults());

    @DynamicPropertySource
    static void containers(DynamicPropertyRegistry registry) {
        String simulator = SIMULATOR.baseUrl().toString().replaceAll("/$", "") + "/v1";
        registry.add("spring.kafka.bootstrap-servers", KAFKA::getBootstrapServers);
        registry.add("llmpool.redis.url", REDIS::getRedisURI);
        registry.add("llmpool.providers.openai.type", () -> "openai");
        registry.add("llmpool.providers.openai.base-url", () -> simulator);
        registry.add("llmpool.providers.local.type", () -> "openai");
        registry.add("llmpool.providers.local.base-url", () -> simulator);
    }

    @AfterAll
    static void stopSimulator() {
        SIMULATOR.close();
    }

    @Test
    void aJobOnTheRequestTopicCompletesOnContainers() {
        String id = "tc-" + UUID.randomUUID();
        try (KafkaProbe kafka = new KafkaProbe(KAFKA.getBootstrapServers())) {
            kafka.send(Topics.REQUESTS, id, """
                    {"schema_version":1,"correlation_id":"%s","body":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}}"""
                    .formatted(id).getBytes(StandardCharsets.UTF_8));
            JobResult result = new JsonCodec().fromBytes(
                    kafka.firstWithKey(Topics.RESULTS, id, Duration.ofSeconds(120)).value(), JobResult.class);
            assertThat(result.status()).isEqualTo(JobStatus.COMPLETED);
        }
    }
}
