package dev.llmpool.router.machine;

import static dev.llmpool.router.machine.Jobs.CATALOG;
import static dev.llmpool.router.machine.Jobs.CLOCK;
import static dev.llmpool.router.machine.Jobs.job;
import static dev.llmpool.router.machine.Jobs.withDeadline;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.core.cache.CacheKeys;
import dev.llmpool.schemas.envelope.AttemptError;
import dev.llmpool.schemas.envelope.AttemptOutcome;
import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.envelope.Priority;
import dev.llmpool.schemas.names.MetadataKeys;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.ChatMessage;
import dev.llmpool.schemas.openai.Usage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One test per rule of the failure table (docs/architecture.md, "Failures, fallbacks and dead letters"), driven
 * through {@link RouterStateMachine#decide} with time from an injected clock.
 *
 * <p>Catalog ({@link Jobs#CATALOG}): alpha (p1, 1000 tokens) falls back to beta, gamma; beta (p1, 2000) to delta;
 * gamma (p2, 500) to nothing; delta (p2, 4000) to alpha. Ladder of alpha: beta, gamma, delta.
 */
class FallbackRulesTest {

    private static final RoutingLimits DEFAULTS = new RoutingLimits(4, 2, Duration.ofSeconds(120),
            Duration.ofHours(1), Duration.ofSeconds(1), 8);
    private static final RecordOrigin ORIGIN = new RecordOrigin("llm.requests", 2, 41L);

    private final CacheKeys cacheKeys = new CacheKeys(new JsonCodec());
    private RouterStateMachine machine = new RouterStateMachine(DEFAULTS, cacheKeys);
    private Clock clock = CLOCK;

    private Transition receive(JobRequest job) {
        return machine.decide(new RouterEvent.JobReceived(job, "{}", null, null, ORIGIN), null, CATALOG,
                clock.instant());
    }

    private Transition outcome(Transition previous, JobRequest job, AttemptOutcome outcome) {
        return machine.decide(new RouterEvent.OutcomeReceived(job, outcome, null), previous.state(), CATALOG,
                clock.instant());
    }

    private static AttemptRequest published(Transition decision) {
        List<Effect.PublishAttempt> published = decision.effects(Effect.PublishAttempt.class);
        assertThat(published).hasSize(1);
        return published.getFirst().request();
    }

    private static Effect.Finalize finalization(Transition decision) {
        assertThat(decision.effects(Effect.PublishAttempt.class)).isEmpty();
        List<Effect.Finalize> finals = decision.effects(Effect.Finalize.class);
        assertThat(finals).hasSize(1);
        return finals.getFirst();
    }

    private static Effect.DeadLetterJob deadLetter(Transition decision) {
        return finalization(decision).onStored().stream().filter(Effect.DeadLetterJob.class::isInstance)
                .map(Effect.DeadLetterJob.class::cast).findFirst().orElseThrow();
    }

    private AttemptOutcome failure(Transition current, ErrorClass error, Long retryAfterMs, int streamed) {
        AttemptRequest attempt = published(current);
        return AttemptOutcome.builder().attemptId(attempt.attemptId()).correlationId(attempt.correlationId())
                .attempt(attempt.attempt()).provider(attempt.provider()).model(attempt.model())
                .error(new AttemptError(error, "upstream said no", 429, retryAfterMs, "code"))
                .streamedChunks(streamed).latencyMs(80).workerId("w").finishedAt(clock.instant()).build();
    }

    private AttemptOutcome answer(Transition current, ChatMessage message, String finishReason, int streamed) {
        AttemptRequest attempt = published(current);
        ChatCompletion completion = new ChatCompletion("chatcmpl-1", ChatCompletion.OBJECT, 1L, attempt.upstreamModel(),
                List.of(new ChatCompletion.Choice(0, message, null, finishReason)), Usage.of(10, 5), null);
        return AttemptOutcome.builder().attemptId(attempt.attemptId()).correlationId(attempt.correlationId())
                .attempt(attempt.attempt()).provider(attempt.provider()).model(attempt.model()).succeeded(true)
                .completion(completion).streamedChunks(streamed).latencyMs(80).workerId("w")
                .finishedAt(clock.instant()).build();
    }

    /** Fails every attempt of the job with {@code error} until the job ends; the decisions in order. */
    private List<Transition> failUntilFinished(JobRequest job, ErrorClass error, Long retryAfterMs) {
        List<Transition> decisions = new ArrayList<>();
        Transition decision = receive(job);
        decisions.add(decision);
        while (!decision.state().phase().terminal()) {
            decision = outcome(decision, job, failure(decision, error, retryAfterMs, 0));
            decisions.add(decision);
        }
        return decisions;
    }

    private static List<String> attempted(List<Transition> decisions) {
        return decisions.stream().flatMap(d -> d.effects(Effect.PublishAttempt.class).stream())
                .map(p -> p.request().attempt() + ":" + p.request().model()).toList();
    }

    // RATE_LIMITED

    @Test
    void aRateLimitIsRetriedOnTheSameModelAfterTheWaitTheProviderAskedFor() {
        JobRequest job = job("rl-1", "alpha");
        Transition first = receive(job);

        AttemptRequest retry = published(outcome(first, job, failure(first, ErrorClass.RATE_LIMITED, 1500L, 0)));

        assertThat(retry.model()).isEqualTo("alpha");
        assertThat(retry.attempt()).isEqualTo(2);
        assertThat(retry.notBefore()).isEqualTo(clock.instant().plusMillis(1500));
    }

    @Test
    void aRateLimitWithoutAWaitIsRetriedAfterTheDefaultWait() {
        JobRequest job = job("rl-2", "alpha");
        Transition first = receive(job);

        AttemptRequest retry = published(outcome(first, job, failure(first, ErrorClass.RATE_LIMITED, null, 0)));

        assertThat(retry.model()).isEqualTo("alpha");
        assertThat(retry.notBefore()).isEqualTo(clock.instant().plusSeconds(1));
    }

    @Test
    void aRateLimitWhoseWaitWouldPassTheDeadlineFallsBackAtOnce() {
        JobRequest job = withDeadline(job("rl-3", "alpha"), CLOCK.instant().plusSeconds(5));
        Transition first = receive(job);

        AttemptRequest next = published(outcome(first, job, failure(first, ErrorClass.RATE_LIMITED, 10_000L, 0)));

        assertThat(next.model()).isEqualTo("beta");
        assertThat(next.notBefore()).isNull();
    }

    @Test
    void rateLimitsUseTheRetriesThenTheFallbacksThenAreWaitedOutUntilThePatienceRunsOut() {
        List<Transition> decisions = failUntilFinished(job("rl-4", "alpha"), ErrorClass.RATE_LIMITED, 100L);

        // 4 attempts (2 per model, alpha then its first fallback), then 8 patient waits on the last model
        assertThat(attempted(decisions)).containsExactly("1:alpha", "2:alpha", "3:beta", "4:beta", "5:beta",
                "6:beta", "7:beta", "8:beta", "9:beta", "10:beta", "11:beta", "12:beta");
        assertThat(decisions.stream().flatMap(d -> d.effects(Effect.PublishAttempt.class).stream()).skip(4))
                .allSatisfy(p -> assertThat(p.request().notBefore()).isEqualTo(CLOCK.instant().plusMillis(100)));
        Effect.Finalize finalize = finalization(decisions.getLast());
        assertThat(finalize.result().error().errorClass()).isEqualTo(ErrorClass.EXHAUSTED);
        assertThat(deadLetter(decisions.getLast()).reason()).isEqualTo("exhausted");
        assertThat(deadLetter(decisions.getLast()).attempts()).isEqualTo(12);
    }

    @Test
    void aRateLimitThatOnlyTheDeadlineStopsFromWaitingOutEndsAsARateLimitPastTheDeadline() {
        machine = new RouterStateMachine(new RoutingLimits(1, 1, Duration.ofSeconds(120), Duration.ofHours(1),
                Duration.ofSeconds(1), 8), cacheKeys);
        JobRequest job = withDeadline(job("rl-5", "alpha"), CLOCK.instant().plusSeconds(3));
        Transition first = receive(job);

        Transition end = outcome(first, job, failure(first, ErrorClass.RATE_LIMITED, 5_000L, 0));

        assertThat(finalization(end).result().error().errorClass()).isEqualTo(ErrorClass.RATE_LIMITED);
        assertThat(deadLetter(end).reason()).isEqualTo("deadline-exceeded");
        assertThat(deadLetter(end).detail()).contains("wait 5000 ms");
    }

    @Test
    void aRateLimitedRetryIsStillWaitedForWhenTheClockHasMovedOn() {
        JobRequest job = job("rl-6", "alpha");
        Transition first = receive(job);
        clock = Clock.offset(CLOCK, Duration.ofSeconds(30));

        AttemptRequest retry = published(outcome(first, job, failure(first, ErrorClass.RATE_LIMITED, 2000L, 0)));

        assertThat(retry.notBefore()).isEqualTo(CLOCK.instant().plusSeconds(32));
    }

    // TRANSIENT

    @Test
    void aTransientErrorIsRetriedAtOnceThenFallsBack() {
        List<Transition> decisions = failUntilFinished(job("tr-1", "alpha"), ErrorClass.TRANSIENT, null);

        assertThat(attempted(decisions)).containsExactly("1:alpha", "2:alpha", "3:beta", "4:beta");
        assertThat(decisions.stream().flatMap(d -> d.effects(Effect.PublishAttempt.class).stream()))
                .allSatisfy(p -> assertThat(p.request().notBefore()).isNull());
        assertThat(finalization(decisions.getLast()).result().error().errorClass()).isEqualTo(ErrorClass.EXHAUSTED);
        assertThat(deadLetter(decisions.getLast()).reason()).isEqualTo("exhausted");
    }

    // CIRCUIT_OPEN

    @Test
    void anOpenCircuitFallsBackAtOnceWithoutRetryingTheSameModel() {
        JobRequest job = job("co-1", "alpha");
        Transition first = receive(job);

        AttemptRequest next = published(outcome(first, job, failure(first, ErrorClass.CIRCUIT_OPEN, 30_000L, 0)));

        assertThat(next.model()).isEqualTo("beta");
        assertThat(next.notBefore()).isNull();
    }

    @Test
    void anOpenCircuitWithNoFallbackLeftIsWaitedOutWhileTheDeadlineAllows() {
        JobRequest job = job("co-2", "gamma");
        Transition first = receive(job);

        AttemptRequest next = published(outcome(first, job, failure(first, ErrorClass.CIRCUIT_OPEN, 2_000L, 0)));

        assertThat(next.model()).isEqualTo("gamma");
        assertThat(next.notBefore()).isEqualTo(CLOCK.instant().plusSeconds(2));
    }

    @Test
    void anOpenCircuitThatCannotBeWaitedOutEndsExhausted() {
        machine = new RouterStateMachine(new RoutingLimits(1, 1, Duration.ofSeconds(120), Duration.ofHours(1),
                Duration.ofSeconds(1), 0), cacheKeys);
        JobRequest job = job("co-3", "gamma");
        Transition first = receive(job);

        Transition end = outcome(first, job, failure(first, ErrorClass.CIRCUIT_OPEN, 2_000L, 0));

        assertThat(finalization(end).result().error().errorClass()).isEqualTo(ErrorClass.EXHAUSTED);
        assertThat(deadLetter(end).providerError()).isEqualTo(ErrorClass.CIRCUIT_OPEN);
    }

    // CONTEXT_WINDOW_EXCEEDED

    @Test
    void aContextWindowErrorMovesOnlyToLargerContextWindows() {
        List<Transition> decisions = failUntilFinished(job("cw-1", "alpha"), ErrorClass.CONTEXT_WINDOW_EXCEEDED, null);

        // gamma (500) is smaller than alpha (1000); beta (2000), then delta (4000) larger than beta
        assertThat(attempted(decisions)).containsExactly("1:alpha", "2:beta", "3:delta");
        assertThat(finalization(decisions.getLast()).result().error().errorClass())
                .isEqualTo(ErrorClass.CONTEXT_WINDOW_EXCEEDED);
    }

    // CONTENT_POLICY, refusals, UNSUPPORTED

    @Test
    void aContentPolicyErrorMovesToAnotherProvider() {
        List<Transition> decisions = failUntilFinished(job("cp-1", "alpha"), ErrorClass.CONTENT_POLICY, null);

        // beta is alpha's provider (p1); gamma is p2; delta is p2 as well and p2 refused too
        assertThat(attempted(decisions)).containsExactly("1:alpha", "2:gamma");
        assertThat(finalization(decisions.getLast()).result().error().errorClass())
                .isEqualTo(ErrorClass.CONTENT_POLICY);
    }

    @Test
    void anUnsupportedFeatureMovesToAnotherProvider() {
        assertThat(attempted(failUntilFinished(job("us-1", "alpha"), ErrorClass.UNSUPPORTED, null)))
                .containsExactly("1:alpha", "2:gamma");
    }

    @Test
    void aRefusalNothingStreamedOfIsAnsweredByAnotherProvider() {
        JobRequest job = job("rf-1", "alpha");
        Transition first = receive(job);

        Transition next = outcome(first, job, answer(first, ChatMessage.assistant(null, null, "I can't help with that."),
                "stop", 0));

        assertThat(published(next).model()).isEqualTo("gamma");
        AttemptRecord refused = next.state().attempts().getFirst();
        assertThat(refused.status()).isEqualTo(AttemptRecord.Status.FAILED);
        assertThat(refused.errorClass()).isEqualTo(ErrorClass.CONTENT_POLICY);
        assertThat(refused.errorMessage()).contains("I can't help with that.");
    }

    @Test
    void aContentFilterStopWithNothingWrittenCountsAsARefusal() {
        JobRequest job = job("rf-2", "alpha");
        Transition first = receive(job);

        Transition next = outcome(first, job, answer(first, ChatMessage.assistant("", null, null), "content_filter", 0));

        assertThat(published(next).model()).isEqualTo("gamma");
    }

    @Test
    void aRefusalNoOtherProviderCanTakeIsTheAnswer() {
        JobRequest job = job("rf-3", "gamma");
        Transition first = receive(job);

        Transition end = outcome(first, job, answer(first, ChatMessage.assistant(null, null, "No."), "stop", 0));

        Effect.Finalize finalize = finalization(end);
        assertThat(finalize.result().status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(finalize.result().response().firstMessage().refusal()).isEqualTo("No.");
    }

    @Test
    void aRefusalAlreadyStreamedIsTheAnswer() {
        JobRequest job = job("rf-4", "alpha");
        Transition first = receive(job);

        Transition end = outcome(first, job, answer(first, ChatMessage.assistant(null, null, "No."), "stop", 2));

        assertThat(finalization(end).result().status()).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void anAnswerWithTextIsNeverARefusal() {
        JobRequest job = job("rf-5", "alpha");
        Transition first = receive(job);

        Transition end = outcome(first, job, answer(first, ChatMessage.assistant("Partly: here.", null, "some"),
                "content_filter", 0));

        assertThat(finalization(end).result().status()).isEqualTo(JobStatus.COMPLETED);
    }

    // QUOTA_EXHAUSTED, AUTHENTICATION

    @Test
    void anAccountErrorMovesToAnotherProviderAndBlocksTheProviderForTheJob() {
        for (ErrorClass error : EnumSet.of(ErrorClass.QUOTA_EXHAUSTED, ErrorClass.AUTHENTICATION)) {
            List<Transition> decisions = failUntilFinished(job("acct-" + error.json(), "alpha"), error, null);

            assertThat(attempted(decisions)).as(error.json()).containsExactly("1:alpha", "2:gamma");
            assertThat(finalization(decisions.getLast()).result().error().errorClass()).isEqualTo(error);
        }
    }

    // MODEL_NOT_FOUND

    @Test
    void aModelTheProviderDoesNotKnowMovesToAnyOtherModel() {
        assertThat(attempted(failUntilFinished(job("mnf-1", "alpha"), ErrorClass.MODEL_NOT_FOUND, null)))
                .containsExactly("1:alpha", "2:beta", "3:gamma", "4:delta");
    }

    // terminal classes

    @Test
    void errorsNoAttemptCanFixEndTheJobAtOnce() {
        for (ErrorClass error : EnumSet.of(ErrorClass.BAD_REQUEST, ErrorClass.INTERNAL, ErrorClass.EXHAUSTED)) {
            List<Transition> decisions = failUntilFinished(job("t-" + error.json(), "alpha"), error, 1000L);

            assertThat(attempted(decisions)).as(error.json()).containsExactly("1:alpha");
            assertThat(deadLetter(decisions.getLast()).reason()).isEqualTo("non-retriable");
            assertThat(finalization(decisions.getLast()).result().error().errorClass()).isEqualTo(error);
        }
    }

    @Test
    void aDeadlineTheWorkerSawPassIsDeadLetteredAsDeadlineExceeded() {
        List<Transition> decisions = failUntilFinished(job("dl-1", "alpha"), ErrorClass.DEADLINE_EXCEEDED, null);

        assertThat(attempted(decisions)).containsExactly("1:alpha");
        assertThat(deadLetter(decisions.getLast()).reason()).isEqualTo("deadline-exceeded");
    }

    // streaming

    @Test
    void nothingIsTriedAgainOnceTokensReachedTheClientWhateverTheError() {
        for (ErrorClass error : EnumSet.of(ErrorClass.RATE_LIMITED, ErrorClass.TRANSIENT, ErrorClass.CIRCUIT_OPEN,
                ErrorClass.CONTENT_POLICY)) {
            JobRequest job = job("st-" + error.json(), "alpha");
            Transition first = receive(job);

            Transition end = outcome(first, job, failure(first, error, null, 3));

            assertThat(finalization(end).result().error().errorClass()).as(error.json()).isEqualTo(error);
            assertThat(deadLetter(end).reason()).isEqualTo("stream-interrupted");
            assertThat(deadLetter(end).detail()).contains("3 chunks");
        }
    }

    // CANCELLED

    @Test
    void aStoppedBatchsCancelledAttemptFailsTheJobAtOnceAsCancelledWithoutADeadLetter() {
        JobRequest job = job("cancel-1", "alpha").withPriority(Priority.BATCH)
                .withMetadata(Map.of(MetadataKeys.BATCH_ID, "batch_abc"));
        Transition first = receive(job);
        assertThat(published(first).batchId()).as("the attempt names its batch").isEqualTo("batch_abc");
        assertThat(published(first).priority()).isEqualTo(Priority.BATCH);

        Transition end = outcome(first, job, failure(first, ErrorClass.CANCELLED, null, 0));

        Effect.Finalize finalized = finalization(end);
        assertThat(finalized.result().status()).isEqualTo(JobStatus.FAILED);
        assertThat(finalized.result().error().errorClass()).isEqualTo(ErrorClass.CANCELLED);
        assertThat(finalized.onStored()).as("no dead letter, but the result and its event")
                .noneMatch(Effect.DeadLetterJob.class::isInstance)
                .anyMatch(Effect.PublishResult.class::isInstance)
                .anyMatch(Effect.AppendEvent.class::isInstance);
    }

    @Test
    void aJobWithoutABatchSendsAttemptsWithoutABatchId() {
        assertThat(published(receive(job("plain-1", "alpha"))).batchId()).isNull();
    }

    // the dead letter

    @Test
    void theDeadLetterNamesTheProvidersErrorTheAttemptsAndTheRequestRecordsPlace() {
        List<Transition> decisions = failUntilFinished(job("dlt-1", "gamma"), ErrorClass.TRANSIENT, null);

        Effect.DeadLetterJob dead = deadLetter(decisions.getLast());
        assertThat(dead.reason()).isEqualTo("exhausted");
        assertThat(dead.attempts()).isEqualTo(2);
        assertThat(dead.providerError()).isEqualTo(ErrorClass.TRANSIENT);
        assertThat(dead.providerMessage()).isEqualTo("upstream said no");
        assertThat(dead.origin()).isEqualTo(ORIGIN);
    }

    @Test
    void everyClassHasARuleAndOnlyTheHopelessOnesAreTerminal() {
        for (ErrorClass error : ErrorClass.values()) {
            FailureRule rule = FailureRule.of(error);
            assertThat(rule.terminal()).as(error.json()).isEqualTo(EnumSet.of(ErrorClass.BAD_REQUEST,
                    ErrorClass.DEADLINE_EXCEEDED, ErrorClass.EXHAUSTED, ErrorClass.INTERNAL, ErrorClass.CANCELLED)
                    .contains(error));
            assertThat(rule.deadLetters()).as(error.json()).isEqualTo(error != ErrorClass.CANCELLED);
        }
    }
}
