package dev.llmpool.launcher.fuzz;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes probes as they are (no schema, no checks) and tells where each landed. */
public final class RecordPublisher implements AutoCloseable {

    /** Larger than any probe, so the broker's limit (not this producer's) decides. */
    private static final int MAX_REQUEST = 32 << 20;

    private final KafkaProducer<String, byte[]> producer;

    public RecordPublisher(String bootstrap) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_REQUEST,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 4L * MAX_REQUEST,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    /** Sends the record; the future holds where it landed, or fails with why it was refused. */
    public CompletableFuture<Coordinates> publish(RecordProbe probe) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(probe.topic(), probe.key(), probe.value());
        probe.headers().forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
        CompletableFuture<Coordinates> landed = new CompletableFuture<>();
        try {
            producer.send(record, (metadata, error) -> {
                if (error != null) {
                    landed.completeExceptionally(error);
                } else {
                    landed.complete(new Coordinates(metadata.topic(), metadata.partition(), metadata.offset()));
                }
            });
        } catch (RuntimeException e) {
            landed.completeExceptionally(e);
        }
        return landed;
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
