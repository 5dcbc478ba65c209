package dev.llmpool.launcher.processes;

import dev.llmpool.launcher.app.LlmPoolApplication;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The parts of a multi-process pool that the process tests run in their own JVM: the router and a producer. */
final class InProcessRole {

    private InProcessRole() {
    }

    /** The router alone (no gateway, no workers), on the given broker and Redis. */
    static ConfigurableApplicationContext router(String bootstrapServers, String redisUrl, int partitions) {
        return new SpringApplicationBuilder(LlmPoolApplication.class).web(WebApplicationType.NONE)
                .properties(Map.of(
                        "spring.kafka.bootstrap-servers", bootstrapServers,
                        "llmpool.redis.url", redisUrl,
                        "llmpool.instance-id", "router-it",
                        "llmpool.topics.partitions", partitions,
                        "llmpool.gateway.enabled", false,
                        "llmpool.router.enabled", true,
                        "llmpool.workers.enabled", false))
                .run();
    }

    /** A producer of job records (string keys, JSON bytes), acknowledged by the broker. */
    static KafkaProducer<String, byte[]> producer(String bootstrapServers) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }
}
