package dev.llmpool.router.machine;

import dev.llmpool.core.cache.CacheKeys;
import dev.llmpool.core.cache.CachePolicy;
import dev.llmpool.core.catalog.CatalogModel;
import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.router.policy.escalation.DecisionTrace;
import dev.llmpool.router.policy.rules.RoutePlan;
import dev.llmpool.router.policy.rules.RouteSelection;
import dev.llmpool.router.policy.scoring.JudgeVerdict;
import dev.llmpool.schemas.envelope.AttemptError;
import dev.llmpool.schemas.envelope.AttemptOutcome;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.envelope.ResultError;
import dev.llmpool.schemas.envelope.StreamEvent;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.Usage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The transitions of a job that took a route, for {@link RouterStateMachine}: the first tier, each tier's answer
 * judged (and put to a judge model when its tier asks for one), a tier that failed past its retries and fallbacks,
 * and finishing with the answer the {@link Ladder} kept. Publishing, failing and the cache's lifetime are the
 * machine's, shared with pinned jobs. Pure, like the machine.
 */
final class RouteTransitions {

    private final Ladder ladder;
    private final RoutingLimits limits;
    private final CacheKeys cacheKeys;
    private final RouterStateMachine machine;

    RouteTransitions(Ladder ladder, RoutingLimits limits, CacheKeys cacheKeys, RouterStateMachine machine) {
        this.ladder = ladder;
        this.limits = limits;
        this.cacheKeys = cacheKeys;
        this.machine = machine;
    }

    Decision received(RouteState fresh, JobRequest request, String traceparent, List<Effect> effects,
                                   ModelCatalog catalog, Instant now) {
        Ladder.Routed routed = ladder.route(request, catalog);
        if (!(routed.selection() instanceof RouteSelection.Planned(RoutePlan plan))) {
            RouteSelection.Unroutable none = (RouteSelection.Unroutable) routed.selection();
            return machine.fail(fresh, request, none.modelNotFound()
                    ? new NextStep.Fail(ErrorClass.MODEL_NOT_FOUND, DeadLetterReason.MODEL_NOT_FOUND, none.message())
                    : new NextStep.Fail(ErrorClass.CONTEXT_WINDOW_EXCEEDED, DeadLetterReason.NON_RETRIABLE,
                            none.message()), effects, now);
        }
        RouteState planned = fresh.withModel(plan.tier(0).model().id())
                .withRouting(RouteTrack.start(plan.route(), plan.matchedBy(), routed.rules()));
        if (CachePolicy.mayRead(request.cache(), request.body())) {
            effects.add(new Effect.LookupCache(request, cacheKey(request)));
            return new Decision(planned, effects);
        }
        return start(planned, request, traceparent, effects, catalog, now);
    }

    /** The route's first tier (or the refusal when its cost cap cannot pay for it). */
    Decision start(RouteState state, JobRequest request, String traceparent, List<Effect> effects,
                                ModelCatalog catalog, Instant now) {
        Ladder.Routed routed = ladder.route(request, catalog, state.routing());
        if (!(routed.selection() instanceof RouteSelection.Planned(RoutePlan plan))
                || !Ladder.same(plan, state.routing())) {
            return machine.fail(state, request, new NextStep.Fail(ErrorClass.INTERNAL, DeadLetterReason.NON_RETRIABLE,
                    "The route " + state.routing().route() + " changed while the job was being routed."), effects,
                    now);
        }
        Ladder.Step step = ladder.first(routed, plan, request.streamsTokens());
        return switch (step) {
            case Ladder.Run run -> run(state, request, run, traceparent, effects);
            case Ladder.Stop stop -> machine.fail(state, request, new NextStep.Fail(ErrorClass.BAD_REQUEST,
                    DeadLetterReason.COST_CAP, "Route " + plan.route() + ": " + stop.trace().reason() + "."),
                    stop.trace(), effects, now);
            case Ladder.Answer answer -> throw new IllegalStateException("an answer before any tier ran");
        };
    }

    /** A tier answered: judge it, then accept, climb or return the best answer so far. */
    Decision answered(RouteState state, AttemptRecord current, JobRequest request, CatalogModel model,
                                   AttemptOutcome outcome, String traceparent, ModelCatalog catalog, Instant now) {
        Usage usage = outcome.completion().usage();
        Double cost = usage == null ? null : model.price().cost(usage);
        RouteTrack track = state.routing().with(TierAnswer.answered(state.routing().position(), current.attempt(),
                model.id(), outcome.completion()));
        RouteState recorded = state.withCurrent(current.succeeded(outcome.latencyMs(), usage, cost,
                outcome.streamedChunks())).withRouting(track);
        Ladder.Routed routed = ladder.route(request, catalog, track);
        if (!(routed.selection() instanceof RouteSelection.Planned(RoutePlan plan)) || !Ladder.same(plan, track)) {
            // the job's rules version is gone (a restart or many reloads since) and the rules in force plan
            // another route for it: keep the answer it has
            return finish(recorded, request, track, new Ladder.Answer(track.answers().size() - 1, true, null),
                    null, new ArrayList<>(), now);
        }
        boolean attemptsLeft = recorded.attempts().size() < limits.maxAttempts();
        if (outcome.streamedChunks() == 0 && attemptsLeft && now.isBefore(state.deadline())) {
            Optional<Ladder.Judge> judge = ladder.judge(routed, plan, track, request.body(), catalog);
            if (judge.isPresent()) {
                RouteState asking = recorded.withRouting(track.awaitingJudge(recorded.currentAttempt() + 1));
                return machine.publish(asking, judge.get().model(), judge.get().body(), false, request, traceparent,
                        new ArrayList<>());
            }
        }
        Ladder.Step step = ladder.after(routed, plan, track, attemptsLeft, outcome.streamedChunks() > 0,
                request.streamsTokens(), catalog);
        return next(recorded, request, routed, plan, step, null, traceparent, new ArrayList<>(), catalog, now);
    }

    /**
     * The judge asked about the last answer replied (its verdict becomes that answer's {@code judge} score) or failed
     * (the judge then has no opinion); either way the ladder decides as it would have without a judge.
     */
    Decision judged(RouteState state, AttemptRecord current, JobRequest request, CatalogModel judge,
                                 AttemptOutcome outcome, String traceparent, ModelCatalog catalog, Instant now) {
        List<Effect> effects = new ArrayList<>();
        RouteState recorded;
        Double verdict = null;
        double cost = 0;
        if (outcome.succeeded() && outcome.completion() != null) {
            Usage usage = outcome.completion().usage();
            Double priced = usage == null ? null : judge.price().cost(usage);
            cost = priced == null ? 0 : priced;
            verdict = JudgeVerdict.parse(outcome.completion()).orElse(null);
            recorded = state.withCurrent(current.succeeded(outcome.latencyMs(), usage, priced, 0));
        } else {
            AttemptError error = outcome.error() != null ? outcome.error()
                    : new AttemptError(ErrorClass.INTERNAL, "the judge reported success without a completion", null,
                            null, null);
            recorded = state.withCurrent(current.failed(error.errorClass(), error.message(), outcome.latencyMs(), 0));
            effects.add(new Effect.AppendEvent(StreamEvent.attemptFailed(state.correlationId(), current.attempt(),
                    current.provider(), current.model(), ResultError.of(error.errorClass(), error.message()), now)));
        }
        RouteTrack track = recorded.routing().judged(verdict, cost);
        recorded = recorded.withRouting(track);
        Ladder.Routed routed = ladder.route(request, catalog, track);
        if (!(routed.selection() instanceof RouteSelection.Planned(RoutePlan plan)) || !Ladder.same(plan, track)) {
            return finish(recorded, request, track, new Ladder.Answer(track.answers().size() - 1, true, null),
                    null, effects, now);
        }
        Ladder.Step step = ladder.after(routed, plan, track, recorded.attempts().size() < limits.maxAttempts(),
                false, request.streamsTokens(), catalog);
        return next(recorded, request, routed, plan, step, null, traceparent, effects, catalog, now);
    }

    /**
     * A routed job's attempt failed and the tier has no retry or fallback left (or the deadline passed with answers
     * in hand): the tier counts as failed, and the ladder decides whether a higher tier may still answer.
     */
    Decision tierFailed(RouteState recorded, AttemptRecord current, JobRequest request, NextStep step,
                                     AttemptError error, int streamedChunks, String traceparent, List<Effect> effects,
                                     ModelCatalog catalog, Instant now) {
        NextStep.Fail fail = step instanceof NextStep.Fail f ? f : new NextStep.Fail(ErrorClass.DEADLINE_EXCEEDED,
                DeadLetterReason.DEADLINE_EXCEEDED, "The job's deadline " + recorded.deadline() + " passed after attempt "
                + current.attempt() + " failed (" + error.errorClass().json() + "): " + error.message());
        RouteTrack track = recorded.routing().with(TierAnswer.failed(recorded.routing().position(),
                current.attempt(), current.model(), error.errorClass().json() + ": " + error.message()));
        RouteState failedTier = recorded.withRouting(track);
        Ladder.Routed routed = ladder.route(request, catalog, track);
        if (!Ladder.climbsAfter(error.errorClass(), streamedChunks)
                || !(routed.selection() instanceof RouteSelection.Planned(RoutePlan plan))
                || !Ladder.same(plan, track)) {
            return machine.fail(failedTier, request, fail, effects, now);
        }
        if (!now.isBefore(recorded.deadline())) {
            return track.answered()
                    ? next(failedTier, request, routed, plan, ladder.best(routed, plan, track,
                            "the deadline passed", catalog), fail, traceparent, effects, catalog, now)
                    : machine.fail(failedTier, request, fail, effects, now);
        }
        Ladder.Step next = ladder.after(routed, plan, track, failedTier.attempts().size() < limits.maxAttempts(),
                false, request.streamsTokens(), catalog);
        return next(failedTier, request, routed, plan, next, fail, traceparent, effects, catalog, now);
    }

    /** @param fail how the job fails when no answer can be returned (null: the last tier answered) */
    private Decision next(RouteState state, JobRequest request, Ladder.Routed routed, RoutePlan plan,
                               Ladder.Step step, NextStep.Fail fail, String traceparent, List<Effect> effects,
                               ModelCatalog catalog, Instant now) {
        return switch (step) {
            case Ladder.Run run when !now.isBefore(state.deadline()) -> state.routing().answered()
                    ? next(state, request, routed, plan, ladder.best(routed, plan, state.routing(),
                            "the deadline passed before " + run.tier().model().id() + " could run", catalog), fail,
                            traceparent, effects, catalog, now)
                    : machine.fail(state, request, new NextStep.Fail(ErrorClass.DEADLINE_EXCEEDED,
                            DeadLetterReason.DEADLINE_EXCEEDED, "The job's deadline " + state.deadline()
                            + " passed before " + run.tier().model().id() + " could run."), run.trace(), effects, now);
            case Ladder.Run run -> run(state, request, run, traceparent, effects);
            case Ladder.Answer answer -> finish(state, request, state.routing(), answer, fail, effects, now);
            case Ladder.Stop stop -> machine.fail(state, request, fail != null ? fail : new NextStep.Fail(
                    ErrorClass.INTERNAL, DeadLetterReason.NON_RETRIABLE, stop.trace().reason()), stop.trace(),
                    effects, now);
        };
    }

    private Decision run(RouteState state, JobRequest request, Ladder.Run run, String traceparent,
                             List<Effect> effects) {
        RouteState running = state.withModel(run.tier().model().id())
                .withRouting(Ladder.running(state.routing(), run));
        return machine.dispatch(running, request, run.tier().model(), traceparent, effects);
    }

    /**
     * Finishes a routed job with the answer the ladder chose. When that tier gave no answer (every tier hard-failed
     * and the last one errored) the latest answer there is is returned, and without any the job fails with
     * {@code fail}.
     */
    private Decision finish(RouteState state, JobRequest request, RouteTrack track, Ladder.Answer answer,
                                 NextStep.Fail fail, List<Effect> effects, Instant now) {
        int index = answer.answer();
        while (index >= 0 && track.answers().get(index).completion() == null) {
            index--;
        }
        if (index < 0) {
            DecisionTrace trace = answer.trace() == null ? null
                    : answer.trace().ending("failed", "no tier answered; " + answer.trace().reason());
            return machine.fail(state, request, fail, trace, effects, now);
        }
        TierAnswer chosen = track.answers().get(index);
        AttemptRecord attempt = state.attempts().stream().filter(a -> a.attempt() == chosen.attempt()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no attempt " + chosen.attempt()));
        RouteState done = state.withPhase(RoutePhase.COMPLETED);
        ChatCompletion response = RouterStateMachine.withModel(chosen.completion(), chosen.model());
        JobResult result = JobResult.builder().correlationId(state.correlationId()).status(JobStatus.COMPLETED)
                .model(chosen.model()).provider(attempt.provider()).response(response)
                .attempts(RouterStateMachine.summaries(done)).createdAt(done.createdAt()).completedAt(now)
                .metadata(request.metadata()).routing(ladder.json(answer.trace())).build();
        List<Effect> onStored = new ArrayList<>();
        if (answer.cacheable() && CachePolicy.mayWrite(request.cache(), request.body())) {
            onStored.add(new Effect.WriteCache(cacheKey(request), response, machine.cacheTtl(request)));
        }
        onStored.add(new Effect.AppendEvent(StreamEvent.completed(result, now)));
        onStored.add(new Effect.PublishResult(result));
        effects.add(new Effect.Finalize(result, onStored));
        return new Decision(done, effects);
    }

    /** A routed job's cache entry is keyed by the name it asked for (the route), not by the model that answered. */
    private String cacheKey(JobRequest request) {
        return cacheKeys.key(request.body(), request.requestedModel());
    }
}
