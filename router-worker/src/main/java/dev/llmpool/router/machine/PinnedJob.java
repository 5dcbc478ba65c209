package dev.llmpool.router.machine;

import dev.llmpool.core.cache.CachePolicy;
import dev.llmpool.core.catalog.CatalogModel;
import dev.llmpool.core.finalize.Refusals;
import dev.llmpool.schemas.envelope.AttemptOutcome;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.openai.ChatCompletion;
import java.time.Instant;
import java.util.Optional;

/**
 * The transitions of a job pinned to a catalog model (it names a model's id or alias, not a route): resolve the
 * model, ask the cache, publish attempts, and complete with the model's answer, or retry, fall back and fail through
 * {@link AttemptFailures}. An unstreamed refusal is first tried on another provider ({@link Refusals}). Every
 * attempt a pinned job makes goes out through {@link #dispatch}, carrying the decision that its success ends the job
 * (a worker finalizes it and the outcome comes back {@code finalized}, to be recorded). Pure.
 */
final class PinnedJob implements JobTransitions {

    private final JobEffects effects;
    private final AttemptFailures failures;

    PinnedJob(JobEffects effects, AttemptFailures failures) {
        this.effects = effects;
        this.failures = failures;
    }

    @Override
    public Transition received(TransitionContext ctx) {
        JobRequest request = ctx.request();
        Optional<CatalogModel> model = ctx.catalog().resolve(request.requestedModel());
        if (model.isEmpty()) {
            return effects.fail(ctx, ctx.state(), new NextStep.Fail(ErrorClass.MODEL_NOT_FOUND,
                    DeadLetterReason.MODEL_NOT_FOUND, "The model `" + request.requestedModel() + "` does not exist."),
                    null);
        }
        if (model.get().embeds()) {
            return effects.fail(ctx, ctx.state(), new NextStep.Fail(ErrorClass.BAD_REQUEST,
                    DeadLetterReason.NON_RETRIABLE, "The model `" + model.get().id() + "` is an embedding model; "
                            + "send its requests to /v1/embeddings."), null);
        }
        Integer cap = request.body().completionCap();
        if (cap != null && cap > model.get().completionLimit()) {
            // the gateway refuses this at the door; a job published straight to Kafka is refused here, before its
            // token estimate could hold the provider's TPM quota for a request no provider accepts
            return effects.fail(ctx, ctx.state(), new NextStep.Fail(ErrorClass.BAD_REQUEST,
                    DeadLetterReason.NON_RETRIABLE, "max_tokens is too large: " + cap + ". The model `"
                            + model.get().id() + "` writes at most " + model.get().completionLimit()
                            + " completion tokens; ask for that many or fewer."), null);
        }
        RouteState resolved = ctx.state().withModel(model.get().id());
        if (CachePolicy.mayRead(request.cache(), request.body())) {
            return effects.lookUp(ctx, resolved, model.get().id());
        }
        return dispatch(ctx, resolved, model.get(), null);
    }

    @Override
    public Transition cacheChecked(TransitionContext ctx, RouterEvent.CacheChecked checked) {
        ChatCompletion cached = checked.cached();
        if (cached == null) {
            return dispatch(ctx, ctx.state(), ctx.model(), null);
        }
        return effects.completeFromCache(ctx, ctx.model(), cached);
    }

    @Override
    public Transition outcome(TransitionContext ctx, AttemptOutcome outcome) {
        if (!outcome.succeeded() || outcome.completion() == null) {
            return failed(ctx, outcome);
        }
        CatalogModel model = ctx.model();
        JobEffects.FinalAnswer answer = new JobEffects.FinalAnswer(model.id(), model.provider(),
                outcome.completion(), false, model.id(), null);
        if (outcome.finalized()) {
            // the worker carried out the decision its attempt carried: the job is ended, only recorded here
            return effects.completedByWorker(ctx, ctx.succeeded(outcome), answer);
        }
        Optional<AttemptOutcome> refused = Refusals.asFailure(outcome);
        if (refused.isPresent()) {
            Transition fallback = failed(ctx, refused.get());
            if (!fallback.effects(Effect.PublishAttempt.class).isEmpty()) {
                return fallback;
            }
        }
        return effects.complete(ctx, ctx.succeeded(outcome), answer);
    }

    private Transition failed(TransitionContext ctx, AttemptOutcome outcome) {
        AttemptFailures.Failed failed = failures.record(ctx, outcome);
        return failures.follow(ctx, failed, failures.next(ctx, failed), this::dispatch);
    }

    /**
     * Publishes the job's next attempt: the request as the client sent it, to {@code model}, carrying the decision
     * that a successful answer which is not a refusal ends the job (so the worker finalizes it).
     *
     * @param notBefore when the worker may call the provider (after a wait the provider asked for), or null
     */
    private Transition dispatch(TransitionContext ctx, RouteState state, CatalogModel model, Instant notBefore) {
        JobRequest request = ctx.request();
        return effects.publish(ctx, state,
                new JobEffects.OutgoingAttempt(model, request.body(), request.streamsTokens(), notBefore, true));
    }
}
