package dev.llmpool.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class QueueWaitMeterTest {

    private static final Instant NOW = Instant.parse("2026-11-21T16:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final QueueWaitMeter meter = new QueueWaitMeter(registry, Clock.fixed(NOW, ZoneOffset.UTC));

    private static ConsumerRecord<String, byte[]> record(String topic, long timestamp, TimestampType type) {
        return new ConsumerRecord<>(topic, 0, 7, timestamp, type, 0, 0, "key", new byte[0], new RecordHeaders(),
                Optional.empty());
    }

    private Timer timer(String topic) {
        return registry.find(QueueWaitMeter.NAME).tag("topic", topic).timer();
    }

    @Test
    void measuresFromTheProducersTimestampPerTopic() {
        meter.taken(record("llm.provider.openai", NOW.toEpochMilli() - 250, TimestampType.CREATE_TIME));
        meter.taken(record("llm.provider.openai", NOW.toEpochMilli() - 750, TimestampType.CREATE_TIME));
        meter.taken(record("llm.requests", NOW.toEpochMilli() - 3, TimestampType.CREATE_TIME));

        assertThat(timer("llm.provider.openai").count()).isEqualTo(2);
        assertThat(timer("llm.provider.openai").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1000.0);
        assertThat(timer("llm.provider.openai").max(TimeUnit.MILLISECONDS)).isEqualTo(750.0);
        assertThat(timer("llm.requests").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(3.0);
    }

    @Test
    void aTimestampFromTheFutureCountsAsNoWait() {
        meter.taken(record("llm.attempts", NOW.toEpochMilli() + 40, TimestampType.CREATE_TIME));

        assertThat(timer("llm.attempts").count()).isEqualTo(1);
        assertThat(timer("llm.attempts").totalTime(TimeUnit.MILLISECONDS)).isZero();
    }

    @Test
    void recordsWithoutTheProducersTimestampAreNotMeasured() {
        meter.taken(record("llm.attempts", NOW.toEpochMilli() - 10, TimestampType.LOG_APPEND_TIME));
        meter.taken(record("llm.attempts", -1, TimestampType.NO_TIMESTAMP_TYPE));

        assertThat(timer("llm.attempts")).isNull();
    }
}
