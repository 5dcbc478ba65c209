package dev.llmpool.workers.attempt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.envelope.Priority;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import dev.llmpool.schemas.openai.ChatMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StartGateTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private final StartGate gate = new StartGate(Clock.fixed(NOW, ZoneOffset.UTC));

    private static AttemptRequest attempt(Instant deadline, Instant notBefore) {
        ChatCompletionRequest body = ChatCompletionRequest.builder().model("m")
                .messages(List.of(ChatMessage.of("user", "hi"))).build();
        return AttemptRequest.builder().attemptId("job-1:2").correlationId("job-1").attempt(2).provider("openai")
                .model("m").upstreamModel("m").priority(Priority.INTERACTIVE).createdAt(NOW).deadline(deadline)
                .body(body).notBefore(notBefore).build();
    }

    @Test
    void anAttemptWithoutNotBeforeStartsAtOnce() {
        assertThat(gate.remaining(attempt(NOW.plusSeconds(60), null))).isZero();
    }

    @Test
    void anAttemptWaitsUntilItsNotBefore() {
        assertThat(gate.remaining(attempt(NOW.plusSeconds(60), NOW.plusMillis(1500))))
                .isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void aNotBeforeInThePastDoesNotWait() {
        assertThat(gate.remaining(attempt(NOW.plusSeconds(60), NOW.minusSeconds(1)))).isZero();
    }

    @Test
    void neverWaitsPastTheDeadline() {
        assertThat(gate.remaining(attempt(NOW.plusSeconds(2), NOW.plusSeconds(30)))).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void anAttemptWaitingForItsStartStopsWaitingOnceItsBatchIsStopped() {
        AtomicInteger looks = new AtomicInteger();

        gate.await(attempt(NOW.plusSeconds(3_600), NOW.plusSeconds(3_600)), () -> looks.incrementAndGet() > 1);

        assertThat(looks.get()).as("looked before the wait and once after a quarter second, not an hour later")
                .isEqualTo(2);
    }
}
