package dev.llmpool.router.machine;

import static dev.llmpool.router.machine.Jobs.CATALOG;
import static dev.llmpool.router.machine.Jobs.NOW;
import static dev.llmpool.router.machine.Jobs.deterministicJob;
import static dev.llmpool.router.machine.Jobs.failure;
import static dev.llmpool.router.machine.Jobs.job;
import static dev.llmpool.router.machine.Jobs.success;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.core.cache.CacheKeys;
import dev.llmpool.core.finalize.CarriedDecision;
import dev.llmpool.core.finalize.JobFinalizer;
import dev.llmpool.schemas.envelope.AttemptOutcome;
import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.envelope.CacheControl;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.envelope.FinalizeOnSuccess;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.ChatMessage;
import dev.llmpool.schemas.openai.Usage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The decision a pinned job's attempt carries: what it holds, and that the worker carrying it out ends the job with
 * the very result, cache entry and refusal rule the router itself would apply.
 */
class DecisionOnTheAttemptTest {

    private static final RoutingLimits LIMITS = new RoutingLimits(4, 2, Duration.ofSeconds(120), Duration.ofHours(1));

    private final CacheKeys cacheKeys = new CacheKeys(new JsonCodec());
    private final RouterStateMachine machine = new RouterStateMachine(LIMITS, cacheKeys);

    private Transition receive(JobRequest job) {
        return machine.decide(new RouterEvent.JobReceived(job, "{}", null, null), null, CATALOG, NOW);
    }

    private Transition outcome(RouteState state, JobRequest job, AttemptOutcome outcome, Instant now) {
        return machine.decide(new RouterEvent.OutcomeReceived(job, outcome, null), state, CATALOG, now);
    }

    private static AttemptRequest published(Transition transition) {
        List<Effect.PublishAttempt> published = transition.effects(Effect.PublishAttempt.class);
        assertThat(published).hasSize(1);
        return published.getFirst().request();
    }

    /** A deterministic job whose first attempt failed (transient) and whose second is out, carrying the decision. */
    private record SecondAttempt(JobRequest job, RouteState waiting, AttemptRequest attempt) {
    }

    private SecondAttempt secondAttempt(String id) {
        JobRequest job = deterministicJob(id, "fast", new CacheControl(CacheControl.Mode.AUTO, 60L));
        Transition asked = receive(job);
        RouteState first = machine.decide(new RouterEvent.CacheChecked(job, "k", null), asked.state(), CATALOG, NOW)
                .state();
        Transition retried = outcome(first, job, failure(id, 1, "alpha", ErrorClass.TRANSIENT, 0), NOW);
        return new SecondAttempt(job, retried.state(), published(retried));
    }

    @Test
    void aPinnedJobsAttemptCarriesWhatTheWorkerNeedsToFinalizeIt() {
        SecondAttempt second = secondAttempt("job-d1");

        FinalizeOnSuccess decision = second.attempt().finalizeOnSuccess();
        assertThat(decision).isNotNull();
        assertThat(decision.earlierAttempts()).singleElement()
                .satisfies(a -> assertThat(a.errorClass()).isEqualTo(ErrorClass.TRANSIENT));
        assertThat(decision.inputUsdPerMtok()).isEqualTo(1.0);
        assertThat(decision.outputUsdPerMtok()).isEqualTo(2.0);
        assertThat(decision.cacheKey()).isEqualTo(cacheKeys.key(second.job(), "alpha"));
        assertThat(decision.cacheTtlSeconds()).isEqualTo(60L);
        assertThat(second.attempt().createdAt()).isEqualTo(NOW);
    }

    @Test
    void aSampledJobsDecisionNamesNoCacheEntry() {
        AttemptRequest attempt = published(receive(job("job-d2", "alpha")));

        assertThat(attempt.finalizeOnSuccess().cacheKey()).isNull();
        assertThat(attempt.finalizeOnSuccess().cacheTtlSeconds()).isNull();
        assertThat(attempt.finalizeOnSuccess().metadata()).containsEntry("team", "search");
    }

    @Test
    void theWorkersResultAndCacheEntryAreTheOnesTheRouterWouldStore() {
        SecondAttempt second = secondAttempt("job-d3");
        AttemptOutcome answered = success("job-d3", 2, "alpha");
        Instant now = NOW.plusSeconds(2);

        Effect.Finalize routers = outcome(second.waiting(), second.job(), answered, now)
                .effects(Effect.Finalize.class).getFirst();
        JobResult workers = CarriedDecision.result(second.attempt(), answered, now);

        assertThat(CarriedDecision.finalizes(second.attempt(), answered)).isTrue();
        assertThat(workers).isEqualTo(routers.result());
        assertThat(workers.tenant()).as("the result names the job's tenant, so the usage meter reads no record")
                .isEqualTo(second.job().tenant()).isNotNull();
        Effect.WriteCache write = routers.onStored().stream().filter(Effect.WriteCache.class::isInstance)
                .map(Effect.WriteCache.class::cast).findFirst().orElseThrow();
        assertThat(CarriedDecision.cacheWrites(second.attempt(), workers)).containsExactly(
                new JobFinalizer.CacheWrite(write.key(), write.completion(), null, write.ttl()));
    }

    @Test
    void aRefusalIsNotFinalizedByTheWorkerWhileAnotherProviderCanTakeIt() {
        JobRequest job = job("job-d4", "alpha");
        Transition first = receive(job);
        AttemptOutcome refusal = success("job-d4", 1, "alpha").withCompletion(new ChatCompletion("chatcmpl-1",
                ChatCompletion.OBJECT, 1_790_000_000L, "alpha-2026", List.of(new ChatCompletion.Choice(0,
                        ChatMessage.assistant(null, null, "I can't help with that."), null, "stop")),
                Usage.of(10, 0), null));

        assertThat(CarriedDecision.finalizes(published(first), refusal)).isFalse();
        Transition fallback = outcome(first.state(), job, refusal, NOW);
        assertThat(published(fallback).model()).isEqualTo("gamma");
    }

    @Test
    void anOutcomeTheWorkerFinalizedIsRecordedAndNotFinalizedAgain() {
        SecondAttempt second = secondAttempt("job-d5");
        AttemptOutcome finalized = success("job-d5", 2, "alpha").withFinalized(true);
        Instant now = NOW.plusSeconds(2);

        Transition recorded = outcome(second.waiting(), second.job(), finalized, now);

        assertThat(recorded.state().phase()).isEqualTo(RoutePhase.COMPLETED);
        assertThat(recorded.state().current().status()).isEqualTo(AttemptRecord.Status.SUCCEEDED);
        assertThat(recorded.effects()).singleElement().isInstanceOfSatisfying(Effect.FinalizedByWorker.class,
                byWorker -> assertThat(byWorker.result()).isEqualTo(
                        CarriedDecision.result(second.attempt(), finalized, now)));
        assertThat(outcome(recorded.state(), second.job(), finalized, now).effects()).as("a repeat changes nothing")
                .isEmpty();
    }
}
