package dev.llmpool.router.machine;

import dev.llmpool.core.catalog.CatalogModel;
import dev.llmpool.router.policy.escalation.DecisionTrace;
import dev.llmpool.router.policy.scoring.ScorerKind;
import dev.llmpool.schemas.envelope.ErrorClass;
import java.time.Instant;
import java.util.Optional;

/**
 * Carries out what the {@link Ladder} plans for a routed job: its first tier, the step after a tier ended (run a
 * tier, return an answer, or fail), and publishing a tier's attempts. Pure.
 */
final class RouteSteps {

    private final Ladder ladder;
    private final RoutingLimits limits;
    private final JobEffects effects;

    RouteSteps(Ladder ladder, RoutingLimits limits, JobEffects effects) {
        this.ladder = ladder;
        this.limits = limits;
        this.effects = effects;
    }

    /** The route's first tier (or the refusal when its cost cap cannot pay for it). */
    Transition start(TransitionContext ctx, RouteState state) {
        Optional<Ladder.PlannedRoute> route = ladder.replan(ctx.request(), ctx.catalog(), state.routing());
        if (route.isEmpty()) {
            return effects.fail(ctx, state, new NextStep.Fail(ErrorClass.INTERNAL, DeadLetterReason.NON_RETRIABLE,
                    "The route " + state.routing().route() + " changed while the job was being routed."), null);
        }
        return switch (ladder.first(route.get())) {
            case LadderStep.Run run -> run(ctx, state, run);
            case LadderStep.Stop stop -> effects.fail(ctx, state, new NextStep.Fail(ErrorClass.BAD_REQUEST,
                    DeadLetterReason.COST_CAP, "Route " + route.get().plan().route() + ": " + stop.trace().reason()
                    + "."), ladder.json(stop.trace()));
            case LadderStep.Answer answer -> throw new IllegalStateException("an answer before any tier ran");
        };
    }

    /**
     * After the current tier ended (its answer or failure is the last of the state's track): what the ladder says.
     *
     * @param fail how the job fails when no answer can be returned (null: the last tier answered)
     */
    Transition climb(TransitionContext ctx, RouteState state, Ladder.PlannedRoute route, NextStep.Fail fail) {
        boolean attemptsLeft = attemptsLeft(state);
        return next(ctx, state, route, ladder.after(route, state.routing(), attemptsLeft, ctx.catalog()), fail);
    }

    boolean attemptsLeft(RouteState state) {
        return state.attempts().size() < limits.maxAttempts();
    }

    /** @param fail how the job fails when no answer can be returned (null: the last tier answered) */
    Transition next(TransitionContext ctx, RouteState state, Ladder.PlannedRoute route, LadderStep step,
                    NextStep.Fail fail) {
        return switch (step) {
            case LadderStep.Run run when ctx.pastDeadline() -> state.routing().answered()
                    ? next(ctx, state, route, ladder.best(route, state.routing(), "the deadline passed before "
                            + run.tier().model().id() + " could run", ctx.catalog()), fail)
                    : effects.fail(ctx, state, new NextStep.Fail(ErrorClass.DEADLINE_EXCEEDED,
                            DeadLetterReason.DEADLINE_EXCEEDED, "The job's deadline " + state.deadline()
                            + " passed before " + run.tier().model().id() + " could run."), ladder.json(run.trace()));
            case LadderStep.Run run -> run(ctx, state, run);
            case LadderStep.Answer answer -> finish(ctx, state, answer, fail);
            case LadderStep.Stop stop -> effects.fail(ctx, state, fail != null ? fail : new NextStep.Fail(
                    ErrorClass.INTERNAL, DeadLetterReason.NON_RETRIABLE, stop.trace().reason()),
                    ladder.json(stop.trace()));
        };
    }

    /** The job's rules version is gone and the rules in force plan another route for it: it keeps its last answer. */
    Transition keepLast(TransitionContext ctx, RouteState state) {
        return finish(ctx, state, new LadderStep.Answer(state.routing().answers().size() - 1, true, null), null);
    }

    /**
     * Publishes an attempt of the job's current tier (its first, a retry or a fallback) to {@code model}: the
     * request with the tier's completion cap and log probabilities, streamed only on the last reachable tier.
     */
    Transition dispatch(TransitionContext ctx, RouteState state, CatalogModel model, Instant notBefore) {
        RouteTrack track = state.routing();
        return effects.publish(ctx, state, new JobEffects.OutgoingAttempt(model, track.body(ctx.request().body()),
                track.streams(), notBefore));
    }

    private Transition run(TransitionContext ctx, RouteState state, LadderStep.Run run) {
        RouteTrack running = state.routing().running(run.position(), run.maxTokens(), run.streams(),
                run.tier().acceptance().uses(ScorerKind.LOGPROB));
        return dispatch(ctx, state.withModel(run.tier().model().id()).withRouting(running), run.tier().model(), null);
    }

    /**
     * Finishes the job with the answer the ladder chose. When that tier gave no answer (every tier hard-failed and
     * the last one errored) the latest answer there is is returned, and without any the job fails with {@code fail}.
     */
    private Transition finish(TransitionContext ctx, RouteState state, LadderStep.Answer answer, NextStep.Fail fail) {
        RouteTrack track = state.routing();
        int index = answer.answer();
        while (index >= 0 && track.answers().get(index).completion() == null) {
            index--;
        }
        if (index < 0) {
            DecisionTrace trace = answer.trace() == null ? null
                    : answer.trace().ending("failed", "no tier answered; " + answer.trace().reason());
            return effects.fail(ctx, state, fail, ladder.json(trace));
        }
        TierAnswer chosen = track.answers().get(index);
        AttemptRecord attempt = state.attempts().stream().filter(a -> a.attempt() == chosen.attempt()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no attempt " + chosen.attempt()));
        // a routed job's cache entry is keyed by the name it asked for (the route), not by the model that answered
        String cacheUnder = answer.cacheable() ? ctx.request().requestedModel() : null;
        return effects.complete(ctx, state, new JobEffects.FinalAnswer(chosen.model(), attempt.provider(),
                chosen.completion(), false, cacheUnder, ladder.json(answer.trace())));
    }
}
