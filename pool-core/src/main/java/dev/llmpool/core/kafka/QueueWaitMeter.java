package dev.llmpool.core.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.TimestampType;

/**
 * Timer {@code llmpool.queue.wait} (tag {@code topic}): how long a record waited in its topic before a consumer of the
 * pool took it, from the record's {@code CreateTime} (stamped by the producer when it sent the record) to now. This is
 * the queue in "queue-based": per provider topic it says how far the workers are behind, on {@code llm.requests} and
 * {@code llm.attempts} how far the router is. Only first deliveries count (a redelivered record's wait includes the
 * attempt that lost it), and a negative wait (clocks of two hosts apart) counts as zero.
 */
public class QueueWaitMeter {

    public static final String NAME = "llmpool.queue.wait";

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public QueueWaitMeter(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** A consumer took {@code record} on its first delivery. */
    public void taken(ConsumerRecord<?, ?> record) {
        if (record.timestampType() != TimestampType.CREATE_TIME || record.timestamp() < 0) {
            return;
        }
        long waited = Math.max(0, clock.millis() - record.timestamp());
        timers.computeIfAbsent(record.topic(), topic -> Timer.builder(NAME)
                .description("Time a record waited in its topic before a consumer of the pool took it")
                .tag("topic", topic)
                .publishPercentiles(0.5, 0.9, 0.99)
                .register(registry)).record(Duration.ofMillis(waited));
    }
}
