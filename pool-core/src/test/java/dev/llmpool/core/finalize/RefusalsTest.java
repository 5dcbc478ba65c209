package dev.llmpool.core.finalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.schemas.envelope.AttemptOutcome;
import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.envelope.FinalizeOnSuccess;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import dev.llmpool.schemas.openai.ChatMessage;
import dev.llmpool.schemas.openai.Usage;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one refusal rule, as the router applies it and as a worker carrying the router's decision applies it. */
class RefusalsTest {

    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    private static AttemptRequest carrying() {
        return AttemptRequest.builder().attemptId("job-r:1").correlationId("job-r").attempt(1).provider("p1")
                .model("alpha").upstreamModel("alpha-up").createdAt(NOW).deadline(NOW.plusSeconds(60))
                .body(ChatCompletionRequest.builder().model("alpha-up")
                        .messages(List.of(ChatMessage.of("user", "hi"))).build())
                .finalizeOnSuccess(FinalizeOnSuccess.builder().build()).build();
    }

    private static AttemptOutcome answered(ChatMessage message, String finish, int streamed) {
        ChatCompletion completion = new ChatCompletion("c", ChatCompletion.OBJECT, 1L, "alpha-up",
                List.of(new ChatCompletion.Choice(0, message, null, finish)), Usage.of(3, 2), null);
        return AttemptOutcome.of(carrying()).succeeded(true).completion(completion).streamedChunks(streamed)
                .latencyMs(5).build();
    }

    @Test
    void anUnstreamedRefusalIsAContentPolicyFailureAndNotFinalizedByTheWorker() {
        AttemptOutcome refusal = answered(ChatMessage.assistant(null, null, "No."), "stop", 0);

        assertThat(Refusals.asFailure(refusal)).hasValueSatisfying(failed -> {
            assertThat(failed.succeeded()).isFalse();
            assertThat(failed.completion()).isNull();
            assertThat(failed.error().errorClass()).isEqualTo(ErrorClass.CONTENT_POLICY);
            assertThat(failed.error().message()).contains("No.");
        });
        assertThat(CarriedDecision.finalizes(carrying(), refusal)).isFalse();
    }

    @Test
    void aContentFilterStopWithNothingWrittenIsARefusal() {
        AttemptOutcome filtered = answered(ChatMessage.assistant(null, null, null), "content_filter", 0);

        assertThat(Refusals.asFailure(filtered)).isPresent();
        assertThat(CarriedDecision.finalizes(carrying(), filtered)).isFalse();
    }

    @Test
    void aRefusalThatStreamedIsTheAnswerForRouterAndWorkerAlike() {
        AttemptOutcome streamed = answered(ChatMessage.assistant(null, null, "No."), "stop", 2);

        assertThat(Refusals.asFailure(streamed)).isEmpty();
        assertThat(CarriedDecision.finalizes(carrying(), streamed)).isTrue();
    }

    @Test
    void anAnswerIsFinalizedOnlyWhenTheAttemptCarriesTheDecision() {
        AttemptOutcome answer = answered(ChatMessage.assistant("Hello", null, null), "stop", 0);

        assertThat(Refusals.asFailure(answer)).isEmpty();
        assertThat(CarriedDecision.finalizes(carrying(), answer)).isTrue();
        assertThat(CarriedDecision.finalizes(carrying().withFinalizeOnSuccess(null), answer)).isFalse();
        assertThat(CarriedDecision.finalizes(carrying(), answer.withSucceeded(false))).isFalse();
    }

    @Test
    void theOutcomeIsRecoveredFromAResultThisAttemptStoredAndFromNoOther() {
        AttemptRequest attempt = carrying();
        AttemptOutcome answer = answered(ChatMessage.assistant("Hello", null, null), "stop", 0);
        var stored = CarriedDecision.result(attempt, answer, NOW.plusSeconds(1));

        assertThat(CarriedDecision.recovered(attempt, stored, "w-2")).hasValueSatisfying(outcome -> {
            assertThat(outcome.finalized()).isTrue();
            assertThat(outcome.attemptId()).isEqualTo("job-r:1");
            assertThat(outcome.completion()).isEqualTo(stored.response());
            assertThat(outcome.latencyMs()).isEqualTo(5);
        });
        AttemptRequest later = attempt.withAttempt(2).withAttemptId("job-r:2");
        assertThat(CarriedDecision.recovered(later, stored, "w-2")).as("another attempt's result").isEmpty();
    }
}
