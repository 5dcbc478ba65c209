package dev.llmpool.workers.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.ShareAcknowledgment;

class InFlightRecordsTest {

    private final AtomicInteger renewalsSeen = new AtomicInteger();
    private final List<String> redeliveries = new CopyOnWriteArrayList<>();
    private InFlightRecords records;

    @AfterEach
    void close() {
        if (records != null) {
            records.close();
        }
    }

    @Test
    void aRecordHandedBackAfterRenewalIsRecognisedAndSettledThroughItsNewestHandle() {
        records = new InFlightRecords(Duration.ofHours(1), key -> renewalsSeen.incrementAndGet(), this::redelivered);
        ConsumerRecord<String, byte[]> record = record(42);
        RecordingAck first = new RecordingAck();
        RecordingAck second = new RecordingAck();

        InFlightRecord tracked = records.track(record, first);
        assertThat(tracked).isNotNull();
        assertThat(records.track(record, second)).as("the same record, returned by a later poll").isNull();
        assertThat(records.size()).isEqualTo(1);

        tracked.acknowledge();
        assertThat(first.calls).isEmpty();
        assertThat(second.calls).containsExactly("acknowledge");
        assertThat(records.size()).isZero();
        assertThat(tracked.settled()).isTrue();
    }

    @Test
    void aRecordIsSettledOnceWhateverIsCalledAfter() {
        records = new InFlightRecords(Duration.ofHours(1), key -> { }, this::redelivered);
        RecordingAck ack = new RecordingAck();
        InFlightRecord tracked = records.track(record(1), ack);
        tracked.release();
        tracked.acknowledge();
        tracked.reject();
        assertThat(ack.calls).containsExactly("release");
    }

    @Test
    void aSettledRecordDeliveredAgainStartsAfresh() {
        records = new InFlightRecords(Duration.ofHours(1), key -> { }, this::redelivered);
        ConsumerRecord<String, byte[]> record = record(7);
        InFlightRecord first = records.track(record, new RecordingAck());
        first.release();
        RecordingAck again = new RecordingAck();
        InFlightRecord second = records.track(record, again);
        assertThat(second).isNotNull().isNotSameAs(first);
        second.acknowledge();
        assertThat(again.calls).containsExactly("acknowledge");
    }

    @Test
    void oneRenewalIsOutstandingAtATimeAndTheNextWaitsForTheRecordsReturn() {
        records = new InFlightRecords(Duration.ofMillis(20), key -> renewalsSeen.incrementAndGet(), this::redelivered);
        RecordingAck first = new RecordingAck();
        InFlightRecord tracked = records.track(record(3), first);
        await().atMost(Duration.ofSeconds(10)).until(() -> tracked.renewals() == 1);
        assertThat(tracked.renew()).as("the first renewal has not come back yet").isFalse();
        assertThat(first.calls).containsExactly("renew");

        RecordingAck returned = new RecordingAck();
        assertThat(records.track(record(3), returned)).as("the renewed record, returned by the next poll").isNull();
        await().atMost(Duration.ofSeconds(10)).until(() -> tracked.renewals() == 2);
        assertThat(returned.calls).containsExactly("renew");
        assertThat(renewalsSeen.get()).isEqualTo(2);
    }

    @Test
    void anAttemptEndingWhileARenewalIsOutstandingSettlesWhenTheRecordReturns() {
        records = new InFlightRecords(Duration.ofMillis(20), key -> { }, this::redelivered);
        RecordingAck first = new RecordingAck();
        InFlightRecord tracked = records.track(record(4), first);
        await().atMost(Duration.ofSeconds(10)).until(() -> tracked.renewals() == 1);

        tracked.acknowledge();
        assertThat(tracked.settled()).isTrue();
        assertThat(first.calls).as("acknowledging now would fail: the consumer does not hold the record")
                .containsExactly("renew");
        assertThat(records.size()).isEqualTo(1);

        RecordingAck returned = new RecordingAck();
        assertThat(records.track(record(4), returned)).isNull();
        assertThat(returned.calls).containsExactly("acknowledge");
        assertThat(records.size()).isZero();
        assertThat(tracked.renew()).as("nothing to renew once settled").isFalse();
    }

    @Test
    void aRenewedRecordThatNeverReturnsIsSettledOnItsLastHandleAfterAFewTicks() {
        records = new InFlightRecords(Duration.ofMillis(20), key -> { }, this::redelivered);
        RecordingAck only = new RecordingAck();
        InFlightRecord tracked = records.track(record(8), only);
        await().atMost(Duration.ofSeconds(10)).until(() -> tracked.renewals() == 1);
        tracked.release();
        await().atMost(Duration.ofSeconds(10)).until(() -> records.size() == 0);
        assertThat(only.calls).containsExactly("renew", "release");
    }

    @Test
    void drainingWaitsForTheLastRecord() throws Exception {
        records = new InFlightRecords(Duration.ofHours(1), key -> { }, this::redelivered);
        InFlightRecord tracked = records.track(record(9), new RecordingAck());
        assertThat(records.awaitEmpty(Duration.ZERO)).isFalse();
        Thread settler = Thread.ofVirtual().start(tracked::acknowledge);
        assertThat(records.awaitEmpty(Duration.ofSeconds(30))).isTrue();
        settler.join();
    }

    @Test
    void whileDrainingAHeldRecordStillAdoptsItsNewHandleButNothingNewIsHeld() {
        records = new InFlightRecords(Duration.ofHours(1), key -> { }, this::redelivered);
        RecordingAck first = new RecordingAck();
        RecordingAck second = new RecordingAck();
        InFlightRecord tracked = records.track(record(5), first);
        records.adoptIfHeld(record(5), second);
        records.adoptIfHeld(record(6), new RecordingAck());
        assertThat(records.size()).isEqualTo(1);
        tracked.acknowledge();
        assertThat(second.calls).containsExactly("acknowledge");
    }

    @Test
    void aLaterDeliveryTakesOverAndTheSupersededHandleIsSettledToFreeItsConsumer() {
        records = new InFlightRecords(Duration.ofHours(1), key -> { }, this::redelivered);
        RecordingAck first = new RecordingAck();
        RecordingAck renewedEcho = new RecordingAck();
        RecordingAck redelivery = new RecordingAck();
        InFlightRecord tracked = records.track(record(11, 1), first);
        assertThat(records.track(record(11, 1), renewedEcho)).isNull();
        assertThat(first.calls).as("the same delivery handed back: nothing to settle").isEmpty();
        assertThat(records.track(record(11, 2), redelivery)).isNull();
        assertThat(renewedEcho.calls).containsExactly("release");
        assertThat(redeliveries).containsExactly("llm.provider.openai-0@11#2");

        tracked.acknowledge();
        assertThat(redelivery.calls).containsExactly("acknowledge");
    }

    @Test
    void aFirstSightingOfARedeliveredRecordIsReported() {
        records = new InFlightRecords(Duration.ofHours(1), key -> { }, this::redelivered);
        records.track(record(12, 3), new RecordingAck()).acknowledge();
        records.track(record(13, 1), new RecordingAck()).acknowledge();
        assertThat(redeliveries).containsExactly("llm.provider.openai-0@12#3");
    }

    private void redelivered(RecordKey key, int delivery) {
        redeliveries.add(key + "#" + delivery);
    }

    private static ConsumerRecord<String, byte[]> record(long offset) {
        return record(offset, 1);
    }

    private static ConsumerRecord<String, byte[]> record(long offset, int delivery) {
        return new ConsumerRecord<>("llm.provider.openai", 0, offset, 0L,
                TimestampType.CREATE_TIME, 0, 0, "key", new byte[0],
                new RecordHeaders(), Optional.empty(), Optional.of((short) delivery));
    }

    private static final class RecordingAck implements ShareAcknowledgment {

        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public void acknowledge() {
            calls.add("acknowledge");
        }

        @Override
        public void release() {
            calls.add("release");
        }

        @Override
        public void reject() {
            calls.add("reject");
        }

        @Override
        public void renew() {
            calls.add("renew");
        }
    }
}
