package dev.llmpool.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain Kafka clients for tests: produce raw records, read a topic from the start until a condition holds. */
public final class KafkaProbe implements AutoCloseable {

    private final String bootstrap;
    private final KafkaProducer<String, byte[]> producer;

    public KafkaProbe(String bootstrap) {
        this.bootstrap = bootstrap;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        this.producer = new KafkaProducer<>(props);
    }

    public static KafkaProbe shared() {
        return new KafkaProbe(PoolInfra.shared().kafkaBootstrap());
    }

    /** Sends and waits for the broker's acknowledgement. */
    public void send(String topic, String key, byte[] value, Map<String, String> headers) {
        send(topic, key, value, headers, record -> { });
    }

    /**
     * Sends a record that {@code sign} finishes first, and waits for the broker's acknowledgement. A test that plays one
     * of the pool's components on an internal topic passes the pool's signer ({@code recordSigner::sign}); a test that
     * plays a forger passes another key's, or uses {@link #send(String, String, byte[], Map)}.
     */
    public void send(String topic, String key, byte[] value, Map<String, String> headers,
                     Consumer<ProducerRecord<String, byte[]>> sign) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((k, v) -> record.headers().add(k, v.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        sign.accept(record);
        try {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not send to " + topic, e);
        }
    }

    public void send(String topic, String key, byte[] value) {
        send(topic, key, value, Map.of());
    }

    /**
     * Reads the topic from the beginning (a fresh consumer group) and returns every record seen once one
     * matches, or throws after the timeout. The timeout is a safety net for a broken build, not a speed claim.
     */
    public List<ConsumerRecord<String, byte[]>> readUntil(String topic, Predicate<ConsumerRecord<String, byte[]>> match,
                                                         Duration timeout) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
            long end = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < end) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    seen.add(record);
                    if (match.test(record)) {
                        return seen;
                    }
                }
            }
            throw new AssertionError("No matching record on " + topic + " within " + timeout + "; saw " + seen.size());
        }
    }

    /** The first record on the topic whose key equals the given one. */
    public ConsumerRecord<String, byte[]> firstWithKey(String topic, String key, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> seen = readUntil(topic, r -> key.equals(r.key()), timeout);
        return seen.getLast();
    }

    /** Every record on the topic with this key, read until {@code quiet} passes with nothing new. */
    public List<ConsumerRecord<String, byte[]>> allWithKey(String topic, String key, Duration quiet) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, byte[]>> matching = new ArrayList<>();
            long lastNews = System.nanoTime();
            boolean assigned = false;
            while (!assigned || System.nanoTime() - lastNews < quiet.toNanos()) {
                var records = consumer.poll(Duration.ofMillis(100));
                if (!consumer.assignment().isEmpty() && !assigned) {
                    assigned = true;
                    lastNews = System.nanoTime();
                }
                for (ConsumerRecord<String, byte[]> record : records) {
                    lastNews = System.nanoTime();
                    if (key.equals(record.key())) {
                        matching.add(record);
                    }
                }
            }
            return matching;
        }
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(props);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
