package dev.llmpool.router.machine;

import dev.llmpool.core.cache.CachePolicy;
import dev.llmpool.router.policy.rules.RoutePlan;
import dev.llmpool.router.policy.rules.RouteSelection;
import dev.llmpool.router.policy.scoring.JudgeVerdict;
import dev.llmpool.schemas.envelope.AttemptError;
import dev.llmpool.schemas.envelope.AttemptOutcome;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.openai.ChatCompletion;
import java.util.List;
import java.util.Optional;

/**
 * The transitions of a job that names a route: it is planned when received; each tier's answer is recorded on its
 * {@link RouteTrack} (and put to a judge model when its tier asks for one), and {@link RouteSteps} carries out what
 * the {@link Ladder} then says: accept, climb, or return the best answer so far. Within a tier a failed attempt is
 * retried and falls back as for a pinned model ({@link AttemptFailures}); when those run out the tier counts as
 * failed and the ladder decides again. Pure.
 */
final class RoutedJob implements JobTransitions {

    private final Ladder ladder;
    private final JobEffects effects;
    private final AttemptFailures failures;
    private final RouteSteps steps;

    RoutedJob(Ladder ladder, RoutingLimits limits, JobEffects effects, AttemptFailures failures) {
        this.ladder = ladder;
        this.effects = effects;
        this.failures = failures;
        this.steps = new RouteSteps(ladder, limits, effects);
    }

    @Override
    public Transition received(TransitionContext ctx) {
        JobRequest request = ctx.request();
        Ladder.Routed routed = ladder.route(request, ctx.catalog());
        if (!(routed.selection() instanceof RouteSelection.Planned(RoutePlan plan))) {
            RouteSelection.Unroutable none = (RouteSelection.Unroutable) routed.selection();
            return effects.fail(ctx, ctx.state(), none.modelNotFound()
                    ? new NextStep.Fail(ErrorClass.MODEL_NOT_FOUND, DeadLetterReason.MODEL_NOT_FOUND, none.message())
                    : new NextStep.Fail(ErrorClass.CONTEXT_WINDOW_EXCEEDED, DeadLetterReason.NON_RETRIABLE,
                            none.message()), null);
        }
        RouteState planned = ctx.state().withModel(plan.tier(0).model().id())
                .withRouting(RouteTrack.start(plan.route(), plan.matchedBy(), routed.rules()));
        if (CachePolicy.mayRead(request.cache(), request.body())) {
            // keyed by the name the job asked for (the route), as the answer is written
            return effects.lookUp(ctx, planned, request.requestedModel());
        }
        return steps.start(ctx, planned);
    }

    @Override
    public Transition cacheChecked(TransitionContext ctx, RouterEvent.CacheChecked checked) {
        ChatCompletion cached = checked.cached();
        if (cached == null) {
            return steps.start(ctx, ctx.state());
        }
        // a route's cached answer names the catalog model that gave it
        return effects.completeFromCache(ctx, ctx.catalog().resolve(cached.model()).orElse(ctx.model()), cached);
    }

    @Override
    public Transition outcome(TransitionContext ctx, AttemptOutcome outcome) {
        if (ctx.state().routing().awaitsJudge(ctx.current().attempt())) {
            return judged(ctx, outcome);
        }
        if (outcome.succeeded() && outcome.completion() != null) {
            // judged by its tier's scorers (a refusal among them) before anything else
            return answered(ctx, outcome);
        }
        return failed(ctx, outcome);
    }

    /** A tier answered: judge it (asking a judge model when the tier has one), then accept, climb or return. */
    private Transition answered(TransitionContext ctx, AttemptOutcome outcome) {
        RouteTrack track = ctx.state().routing().with(TierAnswer.answered(ctx.state().routing().position(),
                ctx.current().attempt(), ctx.model().id(), outcome.completion()));
        RouteState recorded = ctx.succeeded(outcome).withRouting(track);
        Optional<Ladder.PlannedRoute> route = ladder.replan(ctx.request(), ctx.catalog(), track);
        if (route.isEmpty()) {
            return steps.keepLast(ctx, recorded);
        }
        boolean streamed = outcome.streamedChunks() > 0;
        if (!streamed && steps.attemptsLeft(recorded) && !ctx.pastDeadline()) {
            Optional<Ladder.Judge> judge = ladder.judge(route.get(), track, ctx.request().body(), ctx.catalog());
            if (judge.isPresent()) {
                RouteState asking = recorded.withRouting(track.awaitingJudge(recorded.currentAttempt() + 1));
                return effects.publish(ctx, asking,
                        new JobEffects.OutgoingAttempt(judge.get().model(), judge.get().body(), false, null));
            }
        }
        return streamed
                ? steps.next(ctx, recorded, route.get(), ladder.streamed(route.get(), track, ctx.catalog()), null)
                : steps.climb(ctx, recorded, route.get(), null);
    }

    /**
     * The judge asked about the last answer replied (its verdict becomes that answer's {@code judge} score) or failed
     * (the judge then has no opinion); either way the ladder decides as it would have without a judge.
     */
    private Transition judged(TransitionContext ctx, AttemptOutcome outcome) {
        RouteState recorded;
        Double verdict = null;
        double cost = 0;
        List<Effect> earlier = List.of();
        if (outcome.succeeded() && outcome.completion() != null) {
            recorded = ctx.succeeded(outcome);
            cost = recorded.current().costUsd() == null ? 0 : recorded.current().costUsd();
            verdict = JudgeVerdict.parse(outcome.completion()).orElse(null);
        } else {
            AttemptFailures.Failed failed = failures.record(ctx, outcome);
            recorded = failed.state();
            earlier = List.of(failed.event());
        }
        RouteState judged = recorded.withRouting(recorded.routing().judged(verdict, cost));
        Optional<Ladder.PlannedRoute> route = ladder.replan(ctx.request(), ctx.catalog(), judged.routing());
        return (route.isEmpty() ? steps.keepLast(ctx, judged) : steps.climb(ctx, judged, route.get(), null))
                .after(earlier);
    }

    private Transition failed(TransitionContext ctx, AttemptOutcome outcome) {
        AttemptFailures.Failed failed = failures.record(ctx, outcome);
        AttemptError error = failed.error();
        // a route is its own fallback plan: an open circuit fails the tier at once and the job climbs, instead of
        // spending its attempts on the catalog's fallbacks or waiting the breaker out
        NextStep step = error.errorClass() == ErrorClass.CIRCUIT_OPEN
                ? new NextStep.Fail(ErrorClass.CIRCUIT_OPEN, DeadLetterReason.EXHAUSTED, "Attempt "
                        + ctx.current().attempt() + " found the circuit of " + ctx.current().model() + " open: "
                        + error.message())
                : failures.next(ctx, failed);
        if (step instanceof NextStep.Fail || ctx.pastDeadline() && failed.state().routing().answered()) {
            return failed.announced(tierFailed(ctx, failed, step));
        }
        return failures.follow(ctx, failed, step, steps::dispatch);
    }

    /**
     * The attempt failed and the tier has no retry or fallback left (or the deadline passed with answers in hand):
     * the tier counts as failed, and the ladder decides whether a higher tier may still answer.
     */
    private Transition tierFailed(TransitionContext ctx, AttemptFailures.Failed failed, NextStep step) {
        NextStep.Fail fail = step instanceof NextStep.Fail f ? f : AttemptFailures.deadlinePassed(ctx, failed);
        AttemptError error = failed.error();
        RouteTrack track = failed.state().routing().with(TierAnswer.failed(failed.state().routing().position(),
                ctx.current().attempt(), ctx.current().model(), error.errorClass().json() + ": " + error.message()));
        RouteState failedTier = failed.state().withRouting(track);
        Optional<Ladder.PlannedRoute> route = ladder.replan(ctx.request(), ctx.catalog(), track);
        if (!Ladder.climbsAfter(error.errorClass(), failed.streamedChunks()) || route.isEmpty()
                || ctx.pastDeadline() && !track.answered()) {
            return effects.fail(ctx, failedTier, fail, null);
        }
        if (ctx.pastDeadline()) {
            return steps.next(ctx, failedTier, route.get(),
                    ladder.best(route.get(), track, "the deadline passed", ctx.catalog()), fail);
        }
        return steps.climb(ctx, failedTier, route.get(), fail);
    }
}
