package dev.llmpool.workers.lanes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.envelope.Priority;
import dev.llmpool.schemas.names.RedisKeys;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import dev.llmpool.schemas.openai.ChatMessage;
import dev.llmpool.testing.MovableClock;
import dev.llmpool.workers.kafka.PollGate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/**
 * The batch lane's gate with time from a clock the test moves: interactive work first, the quota left to the lane, its
 * slots, its guaranteed share, and stopped batches draining. Looks at the quota happen at once (no thread).
 */
class BatchLaneTest {

    private static final String PROVIDER = "openai";
    private static final Duration BACKLOG_WAIT = Duration.ofMillis(100);
    private static final Duration QUIET = Duration.ofSeconds(1);

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-21T12:00:00Z"));
    private final AtomicReference<Duration> untilQuota = new AtomicReference<>(Duration.ZERO);
    private final AtomicInteger looks = new AtomicInteger();
    private final QuotaRoom quota = new QuotaRoom(provider -> {
        looks.incrementAndGet();
        return untilQuota.get();
    }, Runnable::run, clock, Duration.ofMillis(100));
    private final Set<String> stopFlags = ConcurrentHashMap.newKeySet();
    private final BatchStops stops = new BatchStops(stopFlags::contains, clock, Duration.ofSeconds(1));
    private final AtomicReference<Duration> processHold = new AtomicReference<>(Duration.ZERO);
    private final PollGate process = () -> processHold.get();
    private final InteractiveLoad interactive = new InteractiveLoad(clock, BACKLOG_WAIT, QUIET, 10);
    private final PollGate interactiveGate = interactive.gate(process);
    private long offset;

    private BatchLane lane(int maxInFlight, int minInFlight, int pollRecords) {
        return new BatchLane(PROVIDER, process, interactive, quota, stops, new LaneProperties(0.2, maxInFlight,
                minInFlight, pollRecords, 1, null, QUIET, Duration.ofSeconds(1), Duration.ofSeconds(5)));
    }

    /** An interactive poll of one record published {@code waited} ago. */
    private void interactivePoll(Duration waited) {
        interactiveGate.polled(records(clock.millis() - waited.toMillis(), 1));
    }

    private ConsumerRecords<String, byte[]> records(long timestamp, int count) {
        List<ConsumerRecord<String, byte[]>> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(new ConsumerRecord<>("llm.provider.openai", 0, offset++, timestamp, TimestampType.CREATE_TIME, 0,
                    0, "k", new byte[0], new RecordHeaders(), Optional.empty(), Optional.of((short) 1)));
        }
        return new ConsumerRecords<>(Map.of(new TopicPartition("llm.provider.openai", 0), list), Map.of());
    }

    /** Asks the gate and, when it lets the consumer poll, has the poll return {@code count} records. */
    private boolean pollTaking(BatchLane lane, int count) {
        if (lane.holdFor().isPositive()) {
            return false;
        }
        lane.polled(records(clock.millis(), count));
        return true;
    }

    @Test
    void interactiveRecordsThatWaitedInTheirTopicCloseTheLaneUntilInteractiveIsQuietAgain() {
        BatchLane lane = lane(8, 0, 1);
        interactivePoll(Duration.ofMillis(500));
        interactive.settled();

        assertThat(lane.holdFor()).as("a backlog of interactive work: no batch poll")
                .isEqualTo(BatchLane.INTERACTIVE_BUSY);
        clock.advance(Duration.ofMillis(900));
        assertThat(lane.holdFor().isPositive()).as("still within the quiet period").isTrue();

        clock.advance(Duration.ofMillis(150));
        assertThat(lane.holdFor()).as("quiet for a second: the lane polls").isZero();
    }

    @Test
    void interactiveRecordsTakenAsSoonAsTheyArriveLeaveTheLaneOpen() {
        BatchLane lane = lane(8, 0, 1);
        for (int i = 0; i < 20; i++) {
            interactivePoll(Duration.ofMillis(5));
            clock.advance(Duration.ofMillis(50));
            assertThat(pollTaking(lane, 1)).as("steady light interactive traffic, poll " + i).isTrue();
            interactive.settled();
            lane.settled();
        }
    }

    @Test
    void interactiveCallsInFlightAtTheThresholdCloseTheLane() {
        BatchLane lane = lane(8, 0, 1);
        for (int i = 0; i < 10; i++) {
            interactivePoll(Duration.ZERO);
        }
        assertThat(interactive.inFlight()).isEqualTo(10);
        assertThat(lane.holdFor()).isEqualTo(BatchLane.INTERACTIVE_BUSY);

        interactive.settled();
        assertThat(lane.holdFor()).isZero();
    }

    @Test
    void theGuaranteedShareKeepsTheLaneMovingUnderContinuousInteractiveTraffic() {
        BatchLane lane = lane(8, 1, 1);
        int taken = 0;
        for (int second = 0; second < 60; second++) {
            interactivePoll(Duration.ofSeconds(2)); // a backlog all the time
            interactive.settled();
            if (pollTaking(lane, 1)) {
                taken++;
                assertThat(lane.holdFor()).as("one guaranteed record at a time").isEqualTo(BatchLane.INTERACTIVE_BUSY);
                clock.advance(Duration.ofMillis(900)); // its call
                lane.settled();
            }
            clock.advance(Duration.ofMillis(100));
        }
        assertThat(taken).as("a record each time the guaranteed slot came free").isEqualTo(60);
        assertThat(lane.inFlight()).isZero();
    }

    @Test
    void withoutAGuaranteedShareContinuousInteractiveTrafficHoldsTheLane() {
        BatchLane lane = lane(8, 0, 1);
        for (int second = 0; second < 10; second++) {
            interactivePoll(Duration.ofSeconds(2));
            interactive.settled();
            assertThat(lane.holdFor().isPositive()).isTrue();
            clock.advance(Duration.ofSeconds(1));
        }
    }

    @Test
    void aLaneWhoseQuotaHasNoRoomDoesNotPollUntilTheRoomIsDue() {
        BatchLane lane = lane(8, 0, 1);
        untilQuota.set(Duration.ofSeconds(2));
        assertThat(lane.holdFor()).as("held at most a quarter second at a time").isEqualTo(BatchLane.MAX_QUOTA_HOLD);

        untilQuota.set(Duration.ofMillis(200));
        clock.advance(Duration.ofMillis(100));
        assertThat(lane.holdFor()).as("looked again after the refresh").isEqualTo(Duration.ofMillis(200));
        clock.advance(Duration.ofMillis(50));
        assertThat(lane.holdFor()).as("counted down between looks").isEqualTo(Duration.ofMillis(150));
        assertThat(looks.get()).as("the buckets are looked at once per refresh, not per poll").isEqualTo(2);

        untilQuota.set(Duration.ZERO);
        clock.advance(Duration.ofMillis(150));
        assertThat(lane.holdFor()).as("room again: the lane polls").isZero();
    }

    @Test
    void theSlotsBoundWhatTheLaneHoldsAndAPollSetsAsideAsManyAsItMayReturn() {
        BatchLane lane = lane(4, 0, 2);

        assertThat(pollTaking(lane, 2)).isTrue();
        assertThat(pollTaking(lane, 1)).as("two set aside, one came").isTrue();
        assertThat(lane.inFlight()).isEqualTo(3);
        assertThat(lane.holdFor()).as("3 held + 2 for a poll > 4").isEqualTo(BatchLane.SLOTS_FULL);

        lane.settled();
        assertThat(lane.holdFor()).isZero();
        assertThat(lane.inFlight()).as("2 held, 2 set aside for the poll under way").isEqualTo(4);
        lane.polled(records(clock.millis(), 0));
        assertThat(lane.inFlight()).as("an empty poll gives its slots back").isEqualTo(2);
    }

    @Test
    void linesOfAStoppedBatchDrainWithoutQuotaAndBeforeInteractiveWork() {
        BatchLane lane = lane(8, 0, 1);
        untilQuota.set(Duration.ofMinutes(1));
        interactivePoll(Duration.ofSeconds(2));
        assertThat(lane.holdFor().isPositive()).isTrue();

        stopFlags.add(RedisKeys.batchStop("batch_1"));
        assertThat(stops.stopped(line("batch_1"))).isTrue();

        assertThat(pollTaking(lane, 1)).as("a stopped line was just seen: drain").isTrue();
        lane.settled();
        clock.advance(BatchLane.DRAIN_WINDOW);
        assertThat(lane.holdFor().isPositive()).as("no stopped line for a while: held again").isTrue();
    }

    @Test
    void whatHoldsTheWholeProcessHoldsTheLane() {
        BatchLane lane = lane(8, 1, 1);
        processHold.set(Duration.ofSeconds(3));

        assertThat(lane.holdFor()).isEqualTo(Duration.ofSeconds(3));
        assertThat(lane.inFlight()).as("nothing set aside").isZero();
    }

    private static AttemptRequest line(String batchId) {
        ChatCompletionRequest body = ChatCompletionRequest.builder().model("m")
                .messages(List.of(ChatMessage.of("user", "hi"))).build();
        return AttemptRequest.builder().attemptId("job:1").correlationId("job").attempt(1).provider(PROVIDER)
                .model("m").upstreamModel("m").priority(Priority.BATCH).body(body).batchId(batchId).build();
    }
}
