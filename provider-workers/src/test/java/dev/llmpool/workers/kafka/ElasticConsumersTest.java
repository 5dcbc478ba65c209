package dev.llmpool.workers.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.ShareAcknowledgment;

class ElasticConsumersTest {

    private static final String TOPIC = "llm.provider.openai";
    private static final Duration WAIT_LIMIT = Duration.ofMillis(100);
    private static final Duration IDLE_AFTER = Duration.ofSeconds(30);

    private final Map<Integer, FakeShareConsumer> fakes = new ConcurrentHashMap<>();
    private final Map<Long, ShareAcknowledgment> held = new ConcurrentHashMap<>();
    private ElasticConsumers consumers;

    @AfterEach
    void stop() {
        if (consumers != null) {
            consumers.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void startsWithTheMinimumAndStaysThereWhileConsumersAreFree() {
        consumers = elastic(2, 8);
        consumers.start();
        consumers.adjust(System.nanoTime() + Duration.ofSeconds(5).toNanos());

        assertThat(consumers.consumers()).hasSize(2);
    }

    @Test
    void addsAConsumerWhenEveryConsumerHasBeenHoldingRecordsForLong() {
        consumers = elastic(2, 8);
        consumers.start();
        holdOneRecordEach();

        consumers.adjust(System.nanoTime() + Duration.ofSeconds(2).toNanos());

        assertThat(consumers.consumers()).hasSize(3);
    }

    @Test
    void addsAConsumerWhenARecordWaitedInItsTopicWhileConsumersWereHeldUp() {
        consumers = elastic(2, 8);
        consumers.start();
        fakes.get(0).offer(List.of(FakeShareConsumer.record(TOPIC, 1, Clock.systemUTC().millis() - 1_000)));
        await().atMost(Duration.ofSeconds(5)).until(() -> held.size() == 1);

        consumers.adjust(System.nanoTime() + Duration.ofMillis(300).toNanos());

        assertThat(consumers.consumers()).as("1 of 2 held up for 300 ms, and a record had waited 1 s").hasSize(3);
    }

    @Test
    void neverExceedsTheMaximum() {
        consumers = elastic(2, 2);
        consumers.start();
        holdOneRecordEach();

        consumers.adjust(System.nanoTime() + Duration.ofSeconds(2).toNanos());

        assertThat(consumers.consumers()).hasSize(2);
    }

    @Test
    void anIdleConsumerBeyondTheMinimumLeavesTheGroup() {
        consumers = elastic(1, 8);
        consumers.start();
        holdOneRecordEach();
        consumers.adjust(System.nanoTime() + Duration.ofSeconds(2).toNanos());
        assertThat(consumers.consumers()).hasSize(2);
        held.values().forEach(ShareAcknowledgment::acknowledge);
        await().atMost(Duration.ofSeconds(5)).until(() -> consumers.consumers().stream()
                .allMatch(c -> c.holdingForNanos(System.nanoTime()) == 0));

        consumers.adjust(System.nanoTime() + IDLE_AFTER.plusSeconds(1).toNanos());
        await().atMost(Duration.ofSeconds(5)).until(() -> fakes.values().stream().filter(f -> f.closed.get()).count()
                == 1);
        consumers.adjust(System.nanoTime());

        assertThat(consumers.consumers()).hasSize(1);
    }

    private void holdOneRecordEach() {
        int before = held.size();
        fakes.forEach((index, fake) -> fake.offer(List.of(FakeShareConsumer.record(TOPIC, 100 + index,
                Clock.systemUTC().millis()))));
        await().atMost(Duration.ofSeconds(5)).until(() -> held.size() == before + fakes.size());
    }

    private ElasticConsumers elastic(int min, int max) {
        return new ElasticConsumers("openai", min, max, WAIT_LIMIT, IDLE_AFTER, index -> {
            FakeShareConsumer fake = new FakeShareConsumer();
            fakes.put(index, fake);
            return new ShareConsumerLoop("llmpool-provider-openai", TOPIC, "test-" + index, fake,
                    (ConsumerRecord<String, byte[]> record, ShareAcknowledgment ack,
                     org.apache.kafka.clients.consumer.ShareConsumer<?, ?> c) -> held.put(record.offset(), ack),
                    Clock.systemUTC());
        });
    }
}
