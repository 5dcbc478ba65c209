package dev.llmpool.batch.summarize.input;

import dev.llmpool.batch.summarize.plan.Document;
import dev.llmpool.schemas.json.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import tools.jackson.databind.JsonNode;

/**
 * Documents from a Kafka topic: the records between its beginning and the end it had when this was made, in
 * partition then offset order, each a JSON {@code {"id", "text"}} (optionally {@code "title"}; the record's key
 * stands for a missing id). Read with an assigned consumer (no group, nothing committed), so reading it again reads
 * the same records.
 */
public final class TopicInput implements DocumentSource {

    private static final Duration POLL = Duration.ofMillis(500);

    private final String topic;
    private final Supplier<Consumer<String, byte[]>> consumers;
    private final JsonCodec codec;
    private final Map<TopicPartition, Long> ends = new HashMap<>();
    private final List<TopicPartition> partitions;

    public TopicInput(String topic, Supplier<Consumer<String, byte[]>> consumers, JsonCodec codec) {
        this.topic = topic;
        this.consumers = consumers;
        this.codec = codec;
        try (Consumer<String, byte[]> kafka = consumers.get()) {
            this.partitions = kafka.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .sorted(java.util.Comparator.comparingInt(TopicPartition::partition)).toList();
            ends.putAll(kafka.endOffsets(partitions, Duration.ofSeconds(30)));
        }
    }

    @Override
    public void read(Visitor visitor) {
        try (Consumer<String, byte[]> kafka = consumers.get()) {
            for (TopicPartition partition : partitions) {
                long end = ends.getOrDefault(partition, 0L);
                kafka.assign(List.of(partition));
                kafka.seekToBeginning(List.of(partition));
                while (kafka.position(partition) < end) {
                    for (ConsumerRecord<String, byte[]> record : kafka.poll(POLL)) {
                        if (record.offset() < end) {
                            document(record, visitor);
                        }
                    }
                }
            }
        }
    }

    private void document(ConsumerRecord<String, byte[]> record, Visitor visitor) {
        String where = topic + ":" + record.partition() + ":" + record.offset();
        try {
            JsonNode node = codec.readTree(record.value());
            JsonNode id = node.get("id");
            JsonNode text = node.get("text");
            String name = id != null && id.isValueNode() ? id.asString() : record.key();
            if (name == null || name.isBlank() || text == null || !text.isString()) {
                visitor.unreadable(where, "a record needs a string \"id\" (or a key) and a string \"text\"");
                return;
            }
            JsonNode title = node.get("title");
            visitor.document(new Document(name, title != null && title.isString() ? title.asString() : null,
                    Texts.normalize(text.asString())));
        } catch (RuntimeException e) {
            visitor.unreadable(where, "not JSON: " + new String(record.value() == null ? new byte[0]
                    : record.value(), 0, Math.min(80, record.value() == null ? 0 : record.value().length),
                    StandardCharsets.UTF_8));
        }
    }
}
