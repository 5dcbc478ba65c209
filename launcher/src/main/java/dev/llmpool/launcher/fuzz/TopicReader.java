package dev.llmpool.launcher.fuzz;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads topics from a starting point (their ends when the run began) with an assigned consumer: no group, nothing
 * committed, nothing the pool sees. {@link #catchUp} reads up to the ends as they are at the call, topics created
 * since included (from their start).
 */
public final class TopicReader implements AutoCloseable {

    private final Admin admin;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Predicate<String> topics;
    private final Map<TopicPartition, Long> start;
    private final Set<TopicPartition> seeked = new HashSet<>();

    private TopicReader(Admin admin, String bootstrap, Predicate<String> topics,
                        Map<TopicPartition, Long> start) {
        this.admin = admin;
        this.topics = topics;
        this.start = new HashMap<>(start);
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 32 << 20,
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 << 20,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
    }

    /** A reader of the topics {@code topics} accepts, starting at their ends now. */
    public static TopicReader fromNow(Admin admin, String bootstrap, Predicate<String> topics) {
        return new TopicReader(admin, bootstrap, topics, ends(admin, partitions(admin, topics)));
    }

    /** A reader of the topics {@code topics} accepts, from their first records. */
    public static TopicReader fromStart(Admin admin, String bootstrap, Predicate<String> topics) {
        return new TopicReader(admin, bootstrap, topics, Map.of());
    }

    /** Reads every record up to the current ends, handing each to {@code sink}. */
    public void catchUp(Consumer<ConsumerRecord<String, byte[]>> sink) {
        Set<TopicPartition> now = partitions(admin, topics);
        if (!consumer.assignment().containsAll(now)) {
            Set<TopicPartition> assigned = new HashSet<>(consumer.assignment());
            assigned.addAll(now);
            consumer.assign(assigned);
            for (TopicPartition tp : now) {
                if (seeked.add(tp)) {
                    consumer.seek(tp, start.getOrDefault(tp, 0L));
                }
            }
        }
        Map<TopicPartition, Long> ends = ends(admin, consumer.assignment());
        long giveUp = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (behind(ends) && System.nanoTime() < giveUp) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                sink.accept(record);
            }
        }
    }

    private boolean behind(Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return true;
            }
        }
        return false;
    }

    public static Set<TopicPartition> partitions(Admin admin, Predicate<String> topics) {
        try {
            Set<String> names = admin.listTopics().names().get().stream().filter(topics).collect(Collectors.toSet());
            if (names.isEmpty()) {
                return Set.of();
            }
            Set<TopicPartition> out = new HashSet<>();
            admin.describeTopics(names).allTopicNames().get().forEach((name, description) ->
                    description.partitions().forEach(p -> out.add(new TopicPartition(name, p.partition()))));
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("cannot list the topics: " + e.getCause(), e.getCause());
        }
    }

    static Map<TopicPartition, Long> ends(Admin admin, Set<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        try {
            Map<TopicPartition, Long> out = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> out.put(tp, info.offset()));
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("cannot read the ends of the topics: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }

}
