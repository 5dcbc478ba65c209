package dev.llmpool.workers.lanes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.envelope.Priority;
import dev.llmpool.schemas.names.RedisKeys;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import dev.llmpool.schemas.openai.ChatMessage;
import dev.llmpool.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BatchStopsTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-21T12:00:00Z"));
    private final Set<String> flags = ConcurrentHashMap.newKeySet();
    private final AtomicInteger reads = new AtomicInteger();
    private final BatchStops stops = new BatchStops(key -> {
        reads.incrementAndGet();
        return flags.contains(key);
    }, clock, Duration.ofSeconds(1));

    @Test
    void aStopIsSeenWithinTheCachePeriodAndKeptOnceSeen() {
        AttemptRequest line = line("batch_1");
        assertThat(stops.stopped(line)).isFalse();
        flags.add(RedisKeys.batchStop("batch_1"));

        assertThat(stops.stopped(line)).as("what was read less than a second ago").isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(stops.stopped(line)).isTrue();
        assertThat(stops.stoppedLately("openai", Duration.ofSeconds(2))).isTrue();

        flags.clear();
        clock.advance(Duration.ofSeconds(5));
        assertThat(stops.stopped(line)).as("a stopped batch stays stopped").isTrue();
        assertThat(reads.get()).isEqualTo(2);
    }

    @Test
    void anAttemptOfNoBatchIsNeverStoppedAndReadsNothing() {
        assertThat(stops.stopped(line(null))).isFalse();
        assertThat(reads.get()).isZero();
        assertThat(stops.stoppedLately("openai", Duration.ofSeconds(2))).isFalse();
    }

    @Test
    void aFlagThatCannotBeReadCountsAsNotStopped() {
        BatchStops failing = new BatchStops(key -> {
            throw new IllegalStateException("redis away");
        }, clock, Duration.ofSeconds(1));
        assertThat(failing.stopped(line("batch_2"))).isFalse();
    }

    private static AttemptRequest line(String batchId) {
        ChatCompletionRequest body = ChatCompletionRequest.builder().model("m")
                .messages(List.of(ChatMessage.of("user", "hi"))).build();
        return AttemptRequest.builder().attemptId("job:1").correlationId("job").attempt(1).provider("openai")
                .model("m").upstreamModel("m").priority(Priority.BATCH).body(body).batchId(batchId).build();
    }
}
