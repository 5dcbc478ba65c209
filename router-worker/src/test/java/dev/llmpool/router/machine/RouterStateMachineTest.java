package dev.llmpool.router.machine;

import static dev.llmpool.router.machine.Jobs.CATALOG;
import static dev.llmpool.router.machine.Jobs.NOW;
import static dev.llmpool.router.machine.Jobs.deterministicJob;
import static dev.llmpool.router.machine.Jobs.failure;
import static dev.llmpool.router.machine.Jobs.job;
import static dev.llmpool.router.machine.Jobs.success;
import static dev.llmpool.router.machine.Jobs.withDeadline;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.core.cache.CacheKeys;
import dev.llmpool.schemas.envelope.AttemptOutcome;
import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.envelope.AttemptSummary;
import dev.llmpool.schemas.envelope.CacheControl;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.envelope.StreamEvent;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.openai.ChatCompletion;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RouterStateMachineTest {

    private static final RoutingLimits DEFAULTS = new RoutingLimits(4, 2, Duration.ofSeconds(120), Duration.ofHours(1));
    private static final String TRACE = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    private final CacheKeys cacheKeys = new CacheKeys(new JsonCodec());
    private RouterStateMachine machine = new RouterStateMachine(DEFAULTS, cacheKeys);

    private Transition receive(JobRequest job) {
        return machine.decide(new RouterEvent.JobReceived(job, "{\"raw\":true}", TRACE, null), null, CATALOG, NOW);
    }

    private Transition outcome(RouteState state, JobRequest job, AttemptOutcome outcome, Instant now) {
        return machine.decide(new RouterEvent.OutcomeReceived(job, outcome, null), state, CATALOG, now);
    }

    private static AttemptRequest onlyAttempt(Transition decision) {
        List<Effect.PublishAttempt> published = decision.effects(Effect.PublishAttempt.class);
        assertThat(published).hasSize(1);
        return published.getFirst().request();
    }

    private static Effect.Finalize finalization(Transition decision) {
        List<Effect.Finalize> finals = decision.effects(Effect.Finalize.class);
        assertThat(finals).hasSize(1);
        return finals.getFirst();
    }

    private static <T extends Effect> List<T> stored(Effect.Finalize finalize, Class<T> type) {
        return finalize.onStored().stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Nested
    class NewJob {

        @Test
        void createsTheJobAppendsQueuedAndPublishesTheFirstAttemptWithTheUpstreamName() {
            Transition decision = receive(job("job-1", "fast"));

            assertThat(decision.effects()).hasSize(2);
            assertThat(decision.effects().get(0)).isEqualTo(new Effect.CreateJob("job-1", "{\"raw\":true}",
                    List.of(new Effect.AppendEvent(StreamEvent.queued("job-1", NOW)))));
            Effect.PublishAttempt publish = (Effect.PublishAttempt) decision.effects().get(1);
            AttemptRequest attempt = publish.request();
            assertThat(attempt.attemptId()).isEqualTo("job-1:1");
            assertThat(attempt.attempt()).isEqualTo(1);
            assertThat(attempt.provider()).isEqualTo("p1");
            assertThat(attempt.model()).isEqualTo("alpha");
            assertThat(attempt.upstreamModel()).isEqualTo("alpha-2026");
            assertThat(attempt.body().model()).isEqualTo("alpha-2026");
            assertThat(attempt.body().messages()).isEqualTo(job("job-1", "fast").body().messages());
            assertThat(attempt.deadline()).isEqualTo(NOW.plusSeconds(120));
            assertThat(attempt.tenant()).isEqualTo("acme");
            assertThat(attempt.streamTokens()).isFalse();
            assertThat(publish.traceparent()).isEqualTo(TRACE);

            RouteState state = decision.state();
            assertThat(state.phase()).isEqualTo(RoutePhase.WAITING);
            assertThat(state.requestedModel()).isEqualTo("fast");
            assertThat(state.model()).isEqualTo("alpha");
            assertThat(state.currentAttempt()).isEqualTo(1);
            assertThat(state.current().pending()).isTrue();
        }

        @Test
        void keepsTheJobsOwnDeadlineAndStreamingChoice() {
            JobRequest base = withDeadline(job("job-2", "alpha"), NOW.plusSeconds(30));
            JobRequest streaming = JobRequest.builder().correlationId("job-2").createdAt(NOW)
                    .deadline(base.deadline()).model("alpha").body(base.body()).streamTokens(true).build();

            AttemptRequest attempt = onlyAttempt(receive(streaming));

            assertThat(attempt.deadline()).isEqualTo(NOW.plusSeconds(30));
            assertThat(attempt.streamTokens()).isTrue();
        }

        @Test
        void aRedeliveredRequestForARoutedJobChangesNothing() {
            RouteState routed = receive(job("job-3", "alpha")).state();

            Transition again = machine.decide(new RouterEvent.JobReceived(job("job-3", "alpha"), "{}", null,
                    JobStatus.QUEUED), routed, CATALOG, NOW.plusSeconds(1));

            assertThat(again.effects()).isEmpty();
            assertThat(again.state()).isEqualTo(routed);
        }

        @Test
        void aJobCreatedByTheGatewayIsRoutedButAJobThatAlreadyEndedIsNot() {
            Transition queued = machine.decide(new RouterEvent.JobReceived(job("job-7", "alpha"), "{}", null,
                    JobStatus.QUEUED), null, CATALOG, NOW);
            Transition ended = machine.decide(new RouterEvent.JobReceived(job("job-8", "alpha"), "{}", null,
                    JobStatus.FAILED), null, CATALOG, NOW);

            assertThat(onlyAttempt(queued).attemptId()).isEqualTo("job-7:1");
            assertThat(ended.effects()).isEmpty();
            assertThat(ended.state()).isNull();
        }

        @Test
        void aCompletionCapAboveWhatTheModelCanWriteFailsAsABadRequestBeforeAnyAttempt() {
            JobRequest base = job("job-9", "alpha");
            JobRequest greedy = base.withBody(base.body().withMaxTokens(1001));

            Transition decision = receive(greedy);

            assertThat(decision.effects(Effect.PublishAttempt.class)).isEmpty();
            JobResult result = finalization(decision).result();
            assertThat(result.status()).isEqualTo(JobStatus.FAILED);
            assertThat(result.error().errorClass()).isEqualTo(ErrorClass.BAD_REQUEST);
            assertThat(result.error().message()).contains("1001").contains("at most 1000");
            assertThat(onlyAttempt(receive(base.withBody(base.body().withMaxTokens(1000)))).body().maxTokens())
                    .isEqualTo(1000);
        }

        @Test
        void anUnknownModelFailsWithModelNotFoundAndIsDeadLettered() {
            Transition decision = receive(job("job-4", "no-such-model"));

            assertThat(decision.effects(Effect.PublishAttempt.class)).isEmpty();
            assertThat(decision.effects().getFirst()).isInstanceOf(Effect.CreateJob.class);
            Effect.Finalize finalize = finalization(decision);
            JobResult result = finalize.result();
            assertThat(result.status()).isEqualTo(JobStatus.FAILED);
            assertThat(result.error().errorClass()).isEqualTo(ErrorClass.MODEL_NOT_FOUND);
            assertThat(result.error().code()).isEqualTo("model_not_found");
            assertThat(result.error().message()).contains("no-such-model");
            assertThat(stored(finalize, Effect.PublishResult.class)).containsExactly(new Effect.PublishResult(result));
            assertThat(stored(finalize, Effect.AppendEvent.class)).singleElement()
                    .satisfies(e -> assertThat(e.event().type()).isEqualTo(StreamEvent.Type.FAILED));
            assertThat(stored(finalize, Effect.DeadLetterJob.class)).singleElement().satisfies(dead -> {
                assertThat(dead.reason()).isEqualTo("model-not-found");
                assertThat(dead.attempts()).isZero();
                assertThat(dead.providerError()).isNull();
                assertThat(dead.request().correlationId()).isEqualTo("job-4");
            });
            assertThat(decision.state().phase()).isEqualTo(RoutePhase.FAILED);
        }

        @Test
        void aDeadlineAlreadyPassedFailsWithDeadlineExceeded() {
            Transition decision = receive(withDeadline(job("job-5", "alpha"), NOW.minusMillis(1)));

            assertThat(decision.effects(Effect.PublishAttempt.class)).isEmpty();
            Effect.Finalize finalize = finalization(decision);
            assertThat(finalize.result().error().errorClass()).isEqualTo(ErrorClass.DEADLINE_EXCEEDED);
            assertThat(stored(finalize, Effect.DeadLetterJob.class)).singleElement()
                    .satisfies(dead -> assertThat(dead.reason()).isEqualTo("deadline-exceeded"));
        }

        @Test
        void aJobWithoutDeadlineTimesOutAfterTheDefaultCountedFromItsCreation() {
            JobRequest old = JobRequest.builder().correlationId("job-6").createdAt(NOW.minusSeconds(121))
                    .model("alpha").body(Jobs.body("alpha", 0.7)).build();

            Transition decision = receive(old);

            assertThat(finalization(decision).result().error().errorClass()).isEqualTo(ErrorClass.DEADLINE_EXCEEDED);
        }
    }

    @Nested
    class Cache {

        @Test
        void aDeterministicJobAsksTheCacheFirstUnderTheResolvedModelsKey() {
            JobRequest job = deterministicJob("job-10", "fast", null);

            Transition decision = receive(job);

            assertThat(decision.effects(Effect.PublishAttempt.class)).isEmpty();
            assertThat(decision.effects(Effect.LookupCache.class)).singleElement()
                    .satisfies(lookup -> assertThat(lookup.key()).isEqualTo(cacheKeys.key(job.body(), "alpha", job.tenant())));
            assertThat(decision.state().phase()).isEqualTo(RoutePhase.ROUTING);
        }

        @Test
        void aHitFinalizesAtOnceAsCachedWithoutAnAttempt() {
            JobRequest job = deterministicJob("job-11", "fast", null);
            Transition asked = receive(job);
            String key = asked.effects(Effect.LookupCache.class).getFirst().key();

            Transition hit = machine.decide(new RouterEvent.CacheChecked(job, key, Jobs.completion("alpha")),
                    asked.state(), CATALOG, NOW);

            assertThat(hit.effects()).hasSize(1);
            Effect.Finalize finalize = finalization(hit);
            JobResult result = finalize.result();
            assertThat(result.status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(result.cached()).isTrue();
            assertThat(result.attempts()).isEmpty();
            assertThat(result.model()).isEqualTo("alpha");
            assertThat(result.response().model()).isEqualTo("alpha");
            assertThat(stored(finalize, Effect.WriteCache.class)).isEmpty();
            assertThat(stored(finalize, Effect.PublishResult.class)).hasSize(1);
            assertThat(stored(finalize, Effect.AppendEvent.class)).singleElement()
                    .satisfies(e -> assertThat(e.event().type()).isEqualTo(StreamEvent.Type.COMPLETED));
            assertThat(hit.state().phase()).isEqualTo(RoutePhase.COMPLETED);
            assertThat(hit.state().attempts()).isEmpty();
        }

        @Test
        void aMissPublishesTheFirstAttempt() {
            JobRequest job = deterministicJob("job-12", "alpha", null);
            Transition asked = receive(job);

            Transition miss = machine.decide(new RouterEvent.CacheChecked(job, "k", null), asked.state(), CATALOG, NOW);

            assertThat(onlyAttempt(miss).attemptId()).isEqualTo("job-12:1");
            assertThat(miss.state().phase()).isEqualTo(RoutePhase.WAITING);
        }

        @Test
        void bypassAndRefreshDoNotRead() {
            assertThat(receive(deterministicJob("job-13", "alpha", new CacheControl(CacheControl.Mode.BYPASS, null)))
                    .effects(Effect.LookupCache.class)).isEmpty();
            assertThat(receive(deterministicJob("job-14", "alpha", new CacheControl(CacheControl.Mode.REFRESH, null)))
                    .effects(Effect.LookupCache.class)).isEmpty();
        }
    }

    @Nested
    class Success {

        @Test
        void finalizesWithTheCatalogModelCostAndACacheWriteForADeterministicJob() {
            JobRequest job = deterministicJob("job-20", "fast", new CacheControl(CacheControl.Mode.AUTO, 60L));
            Transition asked = receive(job);
            RouteState waiting = machine.decide(new RouterEvent.CacheChecked(job, "k", null), asked.state(), CATALOG,
                    NOW).state();

            Transition done = outcome(waiting, job, success("job-20", 1, "alpha"), NOW.plusSeconds(1));

            Effect.Finalize finalize = finalization(done);
            JobResult result = finalize.result();
            assertThat(result.status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(result.cached()).isFalse();
            assertThat(result.model()).isEqualTo("alpha");
            assertThat(result.provider()).isEqualTo("p1");
            assertThat(result.response().model()).isEqualTo("alpha");
            assertThat(result.response().firstMessage().text()).isEqualTo("Hello!");
            assertThat(result.completedAt()).isEqualTo(NOW.plusSeconds(1));
            AttemptSummary summary = result.attempts().getFirst();
            assertThat(result.attempts()).hasSize(1);
            assertThat(summary.succeeded()).isTrue();
            assertThat(summary.latencyMs()).isEqualTo(120);
            assertThat(summary.usage().totalTokens()).isEqualTo(1500);
            // 1000 prompt tokens at $1/MTok + 500 completion tokens at $2/MTok
            assertThat(summary.costUsd()).isEqualTo(0.002);

            List<Effect> after = finalize.onStored();
            assertThat(after).hasSize(3);
            Effect.WriteCache write = (Effect.WriteCache) after.get(0);
            assertThat(write.key()).isEqualTo(cacheKeys.key(job.body(), "alpha", job.tenant()));
            assertThat(write.ttl()).isEqualTo(Duration.ofSeconds(60));
            assertThat(write.completion().model()).isEqualTo("alpha");
            assertThat(((Effect.AppendEvent) after.get(1)).event().type()).isEqualTo(StreamEvent.Type.COMPLETED);
            assertThat(after.get(2)).isEqualTo(new Effect.PublishResult(result));
            assertThat(done.state().phase()).isEqualTo(RoutePhase.COMPLETED);
        }

        @Test
        void aSampledJobIsNotWrittenToTheCache() {
            JobRequest job = job("job-21", "alpha");
            RouteState waiting = receive(job).state();

            Effect.Finalize finalize = finalization(outcome(waiting, job, success("job-21", 1, "alpha"), NOW));

            assertThat(stored(finalize, Effect.WriteCache.class)).isEmpty();
            assertThat(finalize.result().metadata()).containsEntry("team", "search");
        }

        @Test
        void succeedsEvenWhenTheDeadlinePassedMeanwhile() {
            JobRequest job = withDeadline(job("job-22", "alpha"), NOW.plusSeconds(5));
            RouteState waiting = receive(job).state();

            Transition done = outcome(waiting, job, success("job-22", 1, "alpha"), NOW.plusSeconds(10));

            assertThat(finalization(done).result().status()).isEqualTo(JobStatus.COMPLETED);
        }
    }

    @Nested
    class Idempotence {

        @Test
        void theSameOutcomeAgainAfterCompletionChangesNothing() {
            JobRequest job = job("job-30", "alpha");
            RouteState done = outcome(receive(job).state(), job, success("job-30", 1, "alpha"), NOW).state();

            Transition again = outcome(done, job, success("job-30", 1, "alpha"), NOW.plusSeconds(1));

            assertThat(again.effects()).isEmpty();
            assertThat(again.state()).isEqualTo(done);
        }

        @Test
        void anOutcomeOfAnEarlierAttemptIsIgnored() {
            JobRequest job = job("job-31", "alpha");
            RouteState retrying = outcome(receive(job).state(), job,
                    failure("job-31", 1, "alpha", ErrorClass.TRANSIENT, 0), NOW).state();
            assertThat(retrying.currentAttempt()).isEqualTo(2);

            Transition stale = outcome(retrying, job, success("job-31", 1, "alpha"), NOW);
            Transition staleFailure = outcome(retrying, job, failure("job-31", 1, "alpha", ErrorClass.TRANSIENT, 0),
                    NOW);

            assertThat(stale.effects()).isEmpty();
            assertThat(stale.state()).isEqualTo(retrying);
            assertThat(staleFailure.effects()).isEmpty();
        }

        @Test
        void anOutcomeAheadOfItsJobsRoutingIsDeferred() {
            JobRequest job = job("job-32", "alpha");

            Transition unknownJob = outcome(null, job, success("job-32", 1, "alpha"), NOW);
            Transition unknownAttempt = outcome(receive(job).state(), job, success("job-32", 2, "alpha"), NOW);

            assertThat(unknownJob.effects()).singleElement().isInstanceOf(Effect.Defer.class);
            assertThat(unknownJob.state()).isNull();
            assertThat(unknownAttempt.effects()).singleElement().isInstanceOf(Effect.Defer.class);
        }

        @Test
        void theSameDecisionIsMadeAgainWhenAnOutcomeIsReplayedBeforeTheStateWasSaved() {
            JobRequest job = job("job-33", "alpha");
            RouteState waiting = receive(job).state();
            AttemptOutcome failed = failure("job-33", 1, "alpha", ErrorClass.RATE_LIMITED, 0);

            assertThat(outcome(waiting, job, failed, NOW)).isEqualTo(outcome(waiting, job, failed, NOW));
        }
    }

    @Nested
    class Failure {

        /** Fails the current attempt of every step until the job finishes; returns every decision. */
        private List<Transition> failUntilFinished(JobRequest job, ErrorClass error) {
            List<Transition> decisions = new ArrayList<>();
            Transition decision = receive(job);
            decisions.add(decision);
            while (decision.state().phase() == RoutePhase.WAITING) {
                AttemptRecord current = decision.state().current();
                decision = outcome(decision.state(), job,
                        failure(job.correlationId(), current.attempt(), current.model(), error, 0), NOW);
                decisions.add(decision);
            }
            return decisions;
        }

        private static List<String> attemptedModels(List<Transition> decisions) {
            return decisions.stream().flatMap(d -> d.effects(Effect.PublishAttempt.class).stream())
                    .map(p -> p.request().attempt() + ":" + p.request().model()).toList();
        }

        @Test
        void retriesTheSameModelThenFallsBackBreadthFirstThenIsExhausted() {
            machine = new RouterStateMachine(new RoutingLimits(20, 2, Duration.ofSeconds(120), Duration.ofHours(1)),
                    cacheKeys);

            List<Transition> decisions = failUntilFinished(job("job-40", "alpha"), ErrorClass.TRANSIENT);

            assertThat(attemptedModels(decisions)).containsExactly("1:alpha", "2:alpha", "3:beta", "4:beta",
                    "5:gamma", "6:gamma", "7:delta", "8:delta");
            Effect.Finalize finalize = finalization(decisions.getLast());
            assertThat(finalize.result().error().errorClass()).isEqualTo(ErrorClass.EXHAUSTED);
            assertThat(finalize.result().attempts()).hasSize(8)
                    .allSatisfy(a -> assertThat(a.errorClass()).isEqualTo(ErrorClass.TRANSIENT));
            assertThat(stored(finalize, Effect.DeadLetterJob.class)).singleElement().satisfies(dead -> {
                assertThat(dead.reason()).isEqualTo("exhausted");
                assertThat(dead.attempts()).isEqualTo(8);
                assertThat(dead.providerError()).isEqualTo(ErrorClass.TRANSIENT);
            });
        }

        @Test
        void everyFailedAttemptIsAnnouncedOnTheJobsStream() {
            JobRequest job = job("job-41", "alpha");
            Transition retry = outcome(receive(job).state(), job,
                    failure("job-41", 1, "alpha", ErrorClass.RATE_LIMITED, 0), NOW);

            assertThat(retry.effects().getFirst()).isInstanceOfSatisfying(Effect.AppendEvent.class, append -> {
                assertThat(append.event().type()).isEqualTo(StreamEvent.Type.ATTEMPT_FAILED);
                assertThat(append.event().attempt()).isEqualTo(1);
                assertThat(append.event().model()).isEqualTo("alpha");
                assertThat(append.event().error().errorClass()).isEqualTo(ErrorClass.RATE_LIMITED);
            });
            assertThat(onlyAttempt(retry).attemptId()).isEqualTo("job-41:2");
            assertThat(retry.state().attempts().getFirst().status()).isEqualTo(AttemptRecord.Status.FAILED);
        }

        @Test
        void theDefaultLimitStopsAfterFourAttempts() {
            List<Transition> decisions = failUntilFinished(job("job-42", "alpha"), ErrorClass.TRANSIENT);

            assertThat(attemptedModels(decisions)).containsExactly("1:alpha", "2:alpha", "3:beta", "4:beta");
            assertThat(finalization(decisions.getLast()).result().error().errorClass())
                    .isEqualTo(ErrorClass.EXHAUSTED);
        }

        @Test
        void nothingIsRetriedOnceTokensWereStreamed() {
            JobRequest job = job("job-43", "alpha");

            Transition decision = outcome(receive(job).state(), job,
                    failure("job-43", 1, "alpha", ErrorClass.TRANSIENT, 3), NOW);

            assertThat(decision.effects(Effect.PublishAttempt.class)).isEmpty();
            Effect.Finalize finalize = finalization(decision);
            assertThat(finalize.result().error().errorClass()).isEqualTo(ErrorClass.TRANSIENT);
            assertThat(finalize.result().error().message()).contains("3 chunks");
            assertThat(stored(finalize, Effect.DeadLetterJob.class)).singleElement()
                    .satisfies(dead -> assertThat(dead.reason()).isEqualTo("stream-interrupted"));
        }

        @Test
        void aBadRequestFailsAtOnceWithItsOwnClass() {
            List<Transition> decisions = failUntilFinished(job("job-44", "alpha"), ErrorClass.BAD_REQUEST);

            assertThat(attemptedModels(decisions)).containsExactly("1:alpha");
            Effect.Finalize finalize = finalization(decisions.getLast());
            assertThat(finalize.result().error().errorClass()).isEqualTo(ErrorClass.BAD_REQUEST);
            assertThat(stored(finalize, Effect.DeadLetterJob.class)).singleElement().satisfies(dead -> {
                assertThat(dead.reason()).isEqualTo("non-retriable");
                assertThat(dead.attempts()).isEqualTo(1);
                assertThat(dead.providerError()).isEqualTo(ErrorClass.BAD_REQUEST);
            });
        }

        @Test
        void aContextWindowErrorSkipsRetriesAndSmallerModels() {
            List<Transition> decisions = failUntilFinished(job("job-45", "alpha"), ErrorClass.CONTEXT_WINDOW_EXCEEDED);

            // gamma (500 tokens) cannot hold what alpha (1000) could not
            assertThat(attemptedModels(decisions)).containsExactly("1:alpha", "2:beta", "3:delta");
            Effect.Finalize finalize = finalization(decisions.getLast());
            assertThat(finalize.result().error().errorClass()).isEqualTo(ErrorClass.CONTEXT_WINDOW_EXCEEDED);
            assertThat(stored(finalize, Effect.DeadLetterJob.class).getFirst().reason()).isEqualTo("exhausted");
        }

        @Test
        void anExhaustedQuotaMovesToAnotherProviderAndNeverBack() {
            List<Transition> decisions = failUntilFinished(job("job-46", "alpha"), ErrorClass.QUOTA_EXHAUSTED);

            // beta shares alpha's provider account; delta shares gamma's
            assertThat(attemptedModels(decisions)).containsExactly("1:alpha", "2:gamma");
            assertThat(finalization(decisions.getLast()).result().error().errorClass())
                    .isEqualTo(ErrorClass.QUOTA_EXHAUSTED);
        }

        @Test
        void aFallbackSucceeds() {
            JobRequest job = job("job-47", "alpha");
            RouteState state = receive(job).state();
            state = outcome(state, job, failure("job-47", 1, "alpha", ErrorClass.TRANSIENT, 0), NOW).state();
            state = outcome(state, job, failure("job-47", 2, "alpha", ErrorClass.TRANSIENT, 0), NOW).state();
            assertThat(state.current().model()).isEqualTo("beta");

            JobResult result = finalization(outcome(state, job, success("job-47", 3, "beta"), NOW)).result();

            assertThat(result.model()).isEqualTo("beta");
            assertThat(result.response().model()).isEqualTo("beta");
            assertThat(result.attempts()).extracting(AttemptSummary::model).containsExactly("alpha", "alpha", "beta");
            assertThat(result.attempts()).extracting(AttemptSummary::succeeded).containsExactly(false, false, true);
        }

        @Test
        void aDeadlinePassedWhenAnotherAttemptWouldBeNeededFailsWithDeadlineExceeded() {
            JobRequest job = withDeadline(job("job-48", "alpha"), NOW.plusSeconds(5));
            RouteState waiting = receive(job).state();

            Transition late = outcome(waiting, job, failure("job-48", 1, "alpha", ErrorClass.TRANSIENT, 0),
                    NOW.plusSeconds(5));

            assertThat(late.effects(Effect.PublishAttempt.class)).isEmpty();
            Effect.Finalize finalize = finalization(late);
            assertThat(finalize.result().error().errorClass()).isEqualTo(ErrorClass.DEADLINE_EXCEEDED);
            assertThat(stored(finalize, Effect.DeadLetterJob.class)).singleElement().satisfies(dead -> {
                assertThat(dead.reason()).isEqualTo("deadline-exceeded");
                assertThat(dead.providerError()).isEqualTo(ErrorClass.TRANSIENT);
            });
        }

        @Test
        void aFailedOutcomeWithoutAnErrorCountsAsAnInternalError() {
            JobRequest job = job("job-49", "alpha");
            AttemptOutcome odd = AttemptOutcome.builder().attemptId("job-49:1").correlationId("job-49").attempt(1)
                    .provider("p1").model("alpha").succeeded(true).latencyMs(5).workerId("w").finishedAt(NOW).build();

            Transition decision = outcome(receive(job).state(), job, odd, NOW);

            assertThat(finalization(decision).result().error().errorClass()).isEqualTo(ErrorClass.INTERNAL);
        }
    }

    @Test
    void theStateSurvivesAJsonRoundTrip() {
        JsonCodec codec = new JsonCodec();
        JobRequest job = job("job-50", "alpha");
        RouteState state = outcome(receive(job).state(), job, failure("job-50", 1, "alpha", ErrorClass.TRANSIENT, 0),
                NOW).state();

        String json = codec.toJson(state);

        assertThat(json).contains("\"phase\":\"waiting\"").contains("\"error_class\":\"transient\"");
        assertThat(codec.fromJson(json, RouteState.class)).isEqualTo(state);
    }

    @Test
    void theCachedAnswerKeepsItsUsage() {
        ChatCompletion cached = Jobs.completion("alpha");
        JobRequest job = deterministicJob("job-51", "alpha", null);
        Transition hit = machine.decide(new RouterEvent.CacheChecked(job, "k", cached), receive(job).state(), CATALOG,
                NOW);

        assertThat(finalization(hit).result().response().usage()).isEqualTo(cached.usage());
    }
}
