package dev.llmpool.launcher.dlq;

import dev.llmpool.schemas.names.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads dead-letter topics from the beginning to their current end with an assigned consumer (no consumer group,
 * nothing committed): what {@code llmpool dlq} lists, shows and replays.
 */
public final class DeadLetterReader implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(500);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Duration timeout;

    /**
     * @param timeout how long reading one selection may take before giving up (a broker that does not answer)
     */
    public DeadLetterReader(String bootstrapServers, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "llmpool-dlq");
        this.consumer = new KafkaConsumer<>(props);
        this.timeout = timeout;
    }

    /** The pool's dead-letter topics ({@code *.dlt}), sorted. */
    public List<String> topics() {
        return consumer.listTopics(timeout).keySet().stream().filter(t -> t.endsWith(Topics.DEAD_LETTER_SUFFIX))
                .sorted().toList();
    }

    /** The dead letters the filter selects, oldest first (with a limit: the most recent ones). */
    public List<DeadLetter> list(DeadLetterFilter filter) {
        List<String> topics = filter.topic() != null ? List.of(filter.topic()) : topics();
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalArgumentException("no topic " + topic);
            }
            infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        List<DeadLetter> letters = new ArrayList<>();
        readAll(partitions, letter -> {
            if (filter.accepts(letter)) {
                letters.add(letter);
            }
        });
        letters.sort(Comparator.comparing(DeadLetter::timestamp)
                .thenComparing(l -> l.coordinates().toString()));
        if (filter.limit() > 0 && letters.size() > filter.limit()) {
            return List.copyOf(letters.subList(letters.size() - filter.limit(), letters.size()));
        }
        return letters;
    }

    /** The dead letter at these coordinates, if the topic holds one there. */
    public Optional<DeadLetter> read(Coordinates at) {
        TopicPartition partition = new TopicPartition(at.topic(), at.partition());
        consumer.assign(List.of(partition));
        long end = consumer.endOffsets(List.of(partition), timeout).getOrDefault(partition, 0L);
        long start = consumer.beginningOffsets(List.of(partition), timeout).getOrDefault(partition, 0L);
        if (at.offset() < start || at.offset() >= end) {
            return Optional.empty();
        }
        consumer.seek(partition, at.offset());
        long giveUp = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < giveUp) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                if (record.offset() == at.offset()) {
                    return Optional.of(toDeadLetter(record));
                }
                if (record.offset() > at.offset()) {
                    return Optional.empty();
                }
            }
        }
        throw new IllegalStateException("could not read " + at + " within " + timeout);
    }

    private void readAll(List<TopicPartition> partitions, java.util.function.Consumer<DeadLetter> sink) {
        consumer.assign(partitions);
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> ends = new LinkedHashMap<>(consumer.endOffsets(partitions, timeout));
        consumer.seekToBeginning(partitions);
        ends.entrySet().removeIf(e -> consumer.position(e.getKey(), timeout) >= e.getValue());
        long giveUp = System.nanoTime() + timeout.toNanos();
        while (!ends.isEmpty()) {
            if (System.nanoTime() > giveUp) {
                throw new IllegalStateException("could not read " + ends.keySet() + " to its end within " + timeout);
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                Long end = ends.get(partition);
                if (end != null && record.offset() < end) {
                    sink.accept(toDeadLetter(record));
                }
            }
            ends.entrySet().removeIf(e -> consumer.position(e.getKey(), timeout) >= e.getValue());
        }
    }

    static DeadLetter toDeadLetter(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
        }
        return new DeadLetter(new Coordinates(record.topic(), record.partition(), record.offset()),
                Instant.ofEpochMilli(record.timestamp()), record.key(), headers, record.value(), record.headers());
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
