package dev.llmpool.workers.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.AcknowledgingShareConsumerAwareMessageListener;
import org.springframework.kafka.support.ShareAcknowledgment;

class ShareConsumerLoopTest {

    private static final String TOPIC = "llm.provider.openai";

    private final FakeShareConsumer consumer = new FakeShareConsumer();
    private final Map<Long, ShareAcknowledgment> handles = new ConcurrentHashMap<>();
    private final AcknowledgingShareConsumerAwareMessageListener<String, byte[]> keep =
            (ConsumerRecord<String, byte[]> record, ShareAcknowledgment ack, ShareConsumer<?, ?> c) ->
                    handles.put(record.offset(), ack);
    private ShareConsumerLoop loop;

    @AfterEach
    void stop() {
        if (loop != null) {
            loop.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void pollsAgainOnlyOnceEveryRecordOfItsLastPollIsSettledAndThenAtOnce() {
        loop = start(keep);
        consumer.offer(List.of(record(1), record(2)));
        await().atMost(Duration.ofSeconds(5)).until(() -> handles.size() == 2);
        int pollsWhileHolding = consumer.polls.get();

        handles.get(1L).acknowledge();
        await().atMost(Duration.ofSeconds(5)).until(() -> consumer.acknowledgements.size() == 1);
        assertThat(consumer.polls.get()).as("no poll while record 2 is held").isEqualTo(pollsWhileHolding);

        long settled = System.nanoTime();
        handles.get(2L).release();
        await().atMost(Duration.ofSeconds(5)).until(() -> consumer.polls.get() > pollsWhileHolding);
        assertThat(Duration.ofNanos(System.nanoTime() - settled)).as("the next poll follows the last settlement")
                .isLessThan(Duration.ofMillis(500));
        assertThat(consumer.acknowledgements).containsExactly("1:ACCEPT", "2:RELEASE");
        assertThat(consumer.refusedPolls.get()).isZero();
    }

    @Test
    void aRenewalCountsAsSettledForPollingAndTheRecordMaySettleAfterItComesBack() {
        loop = start(keep);
        ConsumerRecord<String, byte[]> record = record(7);
        consumer.offer(List.of(record));
        await().atMost(Duration.ofSeconds(5)).until(() -> handles.containsKey(7L));
        ShareAcknowledgment first = handles.remove(7L);

        first.renew();
        await().atMost(Duration.ofSeconds(5)).until(() -> consumer.acknowledgements.contains("7:RENEW"));
        consumer.offer(List.of(record));
        await().atMost(Duration.ofSeconds(5)).until(() -> handles.containsKey(7L));
        handles.get(7L).acknowledge();

        await().atMost(Duration.ofSeconds(5)).until(() -> consumer.acknowledgements.contains("7:ACCEPT"));
        assertThat(consumer.refusedPolls.get()).isZero();
    }

    @Test
    void aHandleSettlesOnce() {
        loop = start(keep);
        consumer.offer(List.of(record(3)));
        await().atMost(Duration.ofSeconds(5)).until(() -> handles.containsKey(3L));
        ShareAcknowledgment handle = handles.get(3L);
        handle.acknowledge();

        org.assertj.core.api.Assertions.assertThatIllegalStateException().isThrownBy(handle::reject);
        org.assertj.core.api.Assertions.assertThatIllegalStateException().isThrownBy(handle::renew);
    }

    @Test
    void aRecordTheListenerFailsOnIsRejectedAndTheLoopGoesOn() {
        loop = start((record, ack, c) -> {
            if (record.offset() == 1) {
                throw new IllegalStateException("boom");
            }
            ack.acknowledge();
        });
        consumer.offer(List.of(record(1)));
        consumer.offer(List.of(record(2)));

        await().atMost(Duration.ofSeconds(5)).until(() -> consumer.acknowledgements.size() == 2);
        assertThat(consumer.acknowledgements).containsExactly("1:REJECT", "2:ACCEPT");
    }

    @Test
    void retiringSettlesWhatItHoldsThenClosesTheConsumer() {
        loop = start(keep);
        consumer.offer(List.of(record(5)));
        await().atMost(Duration.ofSeconds(5)).until(() -> handles.containsKey(5L));

        loop.retire();
        assertThat(loop.retired()).isTrue();
        assertThat(consumer.closed).isFalse();
        handles.get(5L).acknowledge();

        await().atMost(Duration.ofSeconds(5)).until(() -> consumer.closed.get());
        assertThat(consumer.acknowledgements).containsExactly("5:ACCEPT");
        assertThat(loop.isRunning()).isFalse();
    }

    @Test
    void reportsHowLongRecordsWaitedInTheirTopicAndHowLongItHolds() {
        loop = start(keep);
        long now = Clock.systemUTC().millis();
        consumer.offer(List.of(FakeShareConsumer.record(TOPIC, 9, now - 5_000)));
        await().atMost(Duration.ofSeconds(5)).until(() -> handles.containsKey(9L));

        assertThat(loop.takeLongestWaitMillis()).isGreaterThanOrEqualTo(5_000);
        assertThat(loop.takeLongestWaitMillis()).as("taken").isZero();
        assertThat(loop.holdingForNanos(System.nanoTime())).isPositive();
        assertThat(loop.idleForNanos(System.nanoTime())).isZero();

        handles.get(9L).acknowledge();
        await().atMost(Duration.ofSeconds(5)).until(() -> loop.holdingForNanos(System.nanoTime()) == 0);
        assertThat(loop.idleForNanos(System.nanoTime() + 1_000_000)).isPositive();
    }

    @Test
    void takesNoRecordsWhileItsProviderIsPausedAndKeepsSettlingWhatItHolds() throws InterruptedException {
        AtomicReference<Duration> pause = new AtomicReference<>(Duration.ZERO);
        loop = new ShareConsumerLoop("llmpool-provider-openai", TOPIC, "test-consumer", consumer, keep,
                Clock.systemUTC(), pause::get);
        loop.start();
        consumer.offer(List.of(record(1)));
        await().atMost(Duration.ofSeconds(5)).until(() -> handles.containsKey(1L));

        pause.set(Duration.ofHours(1));
        consumer.offer(List.of(record(2)));
        handles.get(1L).acknowledge();
        await().atMost(Duration.ofSeconds(5)).until(() -> consumer.acknowledgements.contains("1:ACCEPT"));
        int polls = consumer.polls.get();
        Thread.sleep(300);
        assertThat(consumer.polls.get()).as("no poll while the provider is paused").isEqualTo(polls);
        assertThat(handles).doesNotContainKey(2L);

        pause.set(Duration.ZERO);
        await().atMost(Duration.ofSeconds(5)).until(() -> handles.containsKey(2L));
    }

    @Test
    void itsGateIsToldWhatEachPollItAllowedReturnedBeforeTheListenerSeesIt() {
        List<Integer> polled = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger seenByListener = new java.util.concurrent.atomic.AtomicInteger();
        loop = new ShareConsumerLoop("llmpool-provider-openai-batch", TOPIC, "test-consumer", consumer,
                (record, ack, c) -> {
                    seenByListener.set(polled.stream().mapToInt(Integer::intValue).sum());
                    ack.acknowledge();
                }, Clock.systemUTC(), new PollGate() {
                    @Override
                    public Duration holdFor() {
                        return Duration.ZERO;
                    }

                    @Override
                    public void polled(org.apache.kafka.clients.consumer.ConsumerRecords<String, byte[]> records) {
                        polled.add(records.count());
                    }
                });
        loop.start();
        consumer.offer(List.of(record(1), record(2)));

        await().atMost(Duration.ofSeconds(5)).until(() -> consumer.acknowledgements.size() == 2);
        assertThat(seenByListener.get()).as("counted before the listener ran").isEqualTo(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> polled.size() >= 2);
        assertThat(polled).as("every poll told, empty ones too").contains(2, 0);
    }

    private ShareConsumerLoop start(AcknowledgingShareConsumerAwareMessageListener<String, byte[]> listener) {
        ShareConsumerLoop started = new ShareConsumerLoop("llmpool-provider-openai", TOPIC, "test-consumer", consumer,
                listener, Clock.systemUTC());
        started.start();
        return started;
    }

    private static ConsumerRecord<String, byte[]> record(long offset) {
        return FakeShareConsumer.record(TOPIC, offset, Clock.systemUTC().millis());
    }
}
