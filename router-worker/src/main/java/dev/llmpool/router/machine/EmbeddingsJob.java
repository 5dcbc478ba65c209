package dev.llmpool.router.machine;

import dev.llmpool.core.cache.CachePolicy;
import dev.llmpool.core.catalog.CatalogModel;
import dev.llmpool.schemas.envelope.AttemptOutcome;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.envelope.JobRequest;
import java.time.Instant;
import java.util.Optional;

/**
 * The transitions of an embeddings job (it carries an embeddings request, not a chat body): resolve an embedding
 * model, ask the cache (an embedding is deterministic, so always, unless bypassed or refreshed), publish attempts,
 * and complete with the vectors, or retry and fail through {@link AttemptFailures}. Its fallbacks are the catalog's,
 * which only names embedding models of the same kind; a route never serves it. Pure.
 */
final class EmbeddingsJob implements JobTransitions {

    private final JobEffects effects;
    private final AttemptFailures failures;

    EmbeddingsJob(JobEffects effects, AttemptFailures failures) {
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
        if (!model.get().embeds()) {
            return effects.fail(ctx, ctx.state(), new NextStep.Fail(ErrorClass.BAD_REQUEST,
                    DeadLetterReason.NON_RETRIABLE, "The model `" + model.get().id() + "` is not an embedding "
                            + "model; name one whose catalog kind is embedding."), null);
        }
        RouteState resolved = ctx.state().withModel(model.get().id());
        if (CachePolicy.mayRead(request)) {
            return effects.lookUp(ctx, resolved, model.get().id());
        }
        return dispatch(ctx, resolved, model.get(), null);
    }

    @Override
    public Transition cacheChecked(TransitionContext ctx, RouterEvent.CacheChecked checked) {
        if (checked.embeddings() == null) {
            return dispatch(ctx, ctx.state(), ctx.model(), null);
        }
        return effects.completeFromCache(ctx, ctx.model(), checked.embeddings());
    }

    @Override
    public Transition outcome(TransitionContext ctx, AttemptOutcome outcome) {
        if (!outcome.succeeded() || outcome.embeddings() == null) {
            AttemptFailures.Failed failed = failures.record(ctx, outcome);
            return failures.follow(ctx, failed, failures.next(ctx, failed), this::dispatch);
        }
        CatalogModel model = ctx.model();
        return effects.complete(ctx, ctx.succeeded(outcome), new JobEffects.FinalAnswer(model.id(),
                model.provider(), null, false, model.id(), null, outcome.embeddings()));
    }

    private Transition dispatch(TransitionContext ctx, RouteState state, CatalogModel model, Instant notBefore) {
        return effects.publish(ctx, state, JobEffects.embeddings(model, notBefore));
    }
}
