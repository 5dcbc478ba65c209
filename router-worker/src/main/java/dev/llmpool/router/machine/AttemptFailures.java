package dev.llmpool.router.machine;

import dev.llmpool.core.catalog.CatalogModel;
import dev.llmpool.schemas.envelope.AttemptError;
import dev.llmpool.schemas.envelope.AttemptOutcome;
import dev.llmpool.schemas.envelope.ErrorClass;
import java.time.Instant;
import java.util.List;

/**
 * What both kinds of job do with a failed attempt: record it (with its {@code attempt_failed} event), ask the
 * {@link FailurePolicy} what follows (a retry at once or after the provider's wait, a fallback from the
 * {@link FallbackPlanner}, waiting a limit out, or failing), and carry that out, publishing through the job's own
 * {@link Dispatch}. Pure.
 */
final class AttemptFailures {

    private final FailurePolicy policy;
    private final JobEffects effects;

    AttemptFailures(RoutingLimits limits, JobEffects effects) {
        this.policy = new FailurePolicy(limits, new FallbackPlanner());
        this.effects = effects;
    }

    /** How a kind of job publishes its next attempt on {@code model}. */
    @FunctionalInterface
    interface Dispatch {
        /** @param notBefore when the worker may call the provider, or null for at once */
        Transition to(TransitionContext ctx, RouteState state, CatalogModel model, Instant notBefore);
    }

    /**
     * A failed attempt as recorded.
     *
     * @param state the job's state with the attempt failed
     * @param event the {@code attempt_failed} event, the first effect of whatever follows
     */
    record Failed(RouteState state, AttemptError error, int streamedChunks, Effect event) {

        /** The transition {@code then}, after the failure was announced. */
        Transition announced(Transition then) {
            return then.after(List.of(event));
        }
    }

    /** Records the event's attempt as failed with {@code outcome}'s error. */
    Failed record(TransitionContext ctx, AttemptOutcome outcome) {
        AttemptError error = outcome.error() != null ? outcome.error()
                : new AttemptError(ErrorClass.INTERNAL, "the attempt reported success without a completion", null,
                        null, null);
        RouteState recorded = ctx.state().withCurrent(ctx.current().failed(error.errorClass(), error.message(),
                outcome.latencyMs(), outcome.streamedChunks()));
        return new Failed(recorded, error, outcome.streamedChunks(), effects.attemptFailed(ctx, error));
    }

    /** What the failure policy says follows, the job's fallbacks counted from the model it resolved to. */
    NextStep next(TransitionContext ctx, Failed failed) {
        CatalogModel origin = ctx.catalog().resolve(ctx.state().model()).orElse(ctx.model());
        return policy.next(failed.state(), origin, ctx.model(), failed.error(), failed.streamedChunks(),
                ctx.catalog(), ctx.now());
    }

    /** Carries {@code step} out: the next attempt through {@code dispatch} unless the deadline passed, or failing. */
    Transition follow(TransitionContext ctx, Failed failed, NextStep step, Dispatch dispatch) {
        return failed.announced(switch (step) {
            case NextStep.Attempt next when ctx.pastDeadline() ->
                    effects.fail(ctx, failed.state(), deadlinePassed(ctx, failed), null);
            case NextStep.Attempt next -> dispatch.to(ctx, failed.state(), next.model(),
                    next.delay().isZero() ? null : ctx.now().plus(next.delay()));
            case NextStep.Fail fail -> effects.fail(ctx, failed.state(), fail, null);
        });
    }

    /** How the job fails when its deadline passed by the time the attempt failed. */
    static NextStep.Fail deadlinePassed(TransitionContext ctx, Failed failed) {
        AttemptError error = failed.error();
        return new NextStep.Fail(ErrorClass.DEADLINE_EXCEEDED, DeadLetterReason.DEADLINE_EXCEEDED,
                "The job's deadline " + ctx.state().deadline() + " passed after attempt " + ctx.current().attempt()
                        + " failed (" + error.errorClass().json() + "): " + error.message());
    }
}
