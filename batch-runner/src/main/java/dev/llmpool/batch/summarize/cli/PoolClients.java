package dev.llmpool.batch.summarize.cli;

import dev.llmpool.core.config.PoolProperties;
import dev.llmpool.core.redis.JobStore;
import dev.llmpool.core.redis.LuaScripts;
import dev.llmpool.schemas.json.JsonCodec;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * A command's own clients of the pool's Kafka and Redis (no Spring context, so a command starts at once and logs
 * nothing of its own): a producer as the pool's (acks all, idempotent, records up to the pool's default
 * {@code llmpool.topics.max-message-size}), group-less consumers, one Redis connection and the job store over it.
 */
public final class PoolClients implements AutoCloseable {

    private final String bootstrap;
    private final RedisClient redisClient;
    private final StatefulRedisConnection<String, String> redis;
    private final DefaultKafkaProducerFactory<String, byte[]> producers;
    private final KafkaTemplate<String, byte[]> kafka;
    private final JobStore jobs;

    public PoolClients(String bootstrap, String redisUrl, JsonCodec codec, Clock clock) {
        this.bootstrap = bootstrap;
        PoolProperties pool = new Binder(new MapConfigurationPropertySource(Map.of("llmpool.redis.url", redisUrl)))
                .bindOrCreate("llmpool", PoolProperties.class);
        this.redisClient = RedisClient.create(redisUrl);
        this.redis = redisClient.connect();
        Map<String, Object> producer = new HashMap<>();
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        producer.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, pool.topics().maxMessageBytes());
        producer.put(ProducerConfig.CLIENT_ID_CONFIG, "llmpool-summarize");
        this.producers = new DefaultKafkaProducerFactory<>(producer);
        this.kafka = new KafkaTemplate<>(producers);
        this.jobs = new JobStore(redis, new LuaScripts(redis), codec, clock, pool);
    }

    /** Group-less consumers (assign, nothing committed) of the pool's Kafka. */
    public static Supplier<Consumer<String, byte[]>> consumers(String bootstrap) {
        return () -> {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            props.put(ConsumerConfig.CLIENT_ID_CONFIG, "llmpool-summarize");
            return new KafkaConsumer<>(props);
        };
    }

    public Supplier<Consumer<String, byte[]>> consumers() {
        return consumers(bootstrap);
    }

    public StatefulRedisConnection<String, String> redis() {
        return redis;
    }

    public KafkaTemplate<String, byte[]> kafka() {
        return kafka;
    }

    public JobStore jobs() {
        return jobs;
    }

    @Override
    public void close() {
        producers.destroy();
        redis.close();
        redisClient.shutdown();
    }
}
