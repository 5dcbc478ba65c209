package dev.llmpool.router.machine;

import dev.llmpool.core.cache.CacheKeys;
import dev.llmpool.core.cache.CachePolicy;
import dev.llmpool.core.catalog.CatalogModel;
import dev.llmpool.core.finalize.CarriedDecision;
import dev.llmpool.schemas.envelope.AttemptError;
import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.envelope.AttemptSummary;
import dev.llmpool.schemas.envelope.FinalizeOnSuccess;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.envelope.ResultError;
import dev.llmpool.schemas.envelope.StreamEvent;
import dev.llmpool.schemas.names.MetadataKeys;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import dev.llmpool.schemas.openai.EmbeddingsResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The effects both kinds of job are built from: publishing an attempt, looking the cache up, completing the job
 * (with its cache write), failing it (with its dead letter), and a failed attempt's event. The only place the
 * machine builds an {@link AttemptRequest} or a {@link JobResult}. Pure.
 */
final class JobEffects {

    private final CacheKeys cacheKeys;
    private final Duration cacheTtl;

    JobEffects(CacheKeys cacheKeys, Duration cacheTtl) {
        this.cacheKeys = cacheKeys;
        this.cacheTtl = cacheTtl;
    }

    /**
     * An attempt to publish: {@code body} to {@code model}, tokens streamed to the client or not.
     *
     * @param notBefore          when the worker may call the provider (after a wait the provider asked for), or null
     * @param finalizeOnSuccess  the router accepts any successful, non-refusal answer of this attempt as the job's:
     *                           the decision travels with the attempt and the worker finalizes the job
     */
    record OutgoingAttempt(CatalogModel model, ChatCompletionRequest body, boolean streams, Instant notBefore,
                           boolean finalizeOnSuccess) {

        /** An attempt whose every outcome comes back to the router to decide. */
        OutgoingAttempt(CatalogModel model, ChatCompletionRequest body, boolean streams, Instant notBefore) {
            this(model, body, streams, notBefore, false);
        }
    }

    /**
     * The next attempt of an embeddings job: its request to {@code model}, never streamed.
     *
     * @param notBefore when the worker may call the provider, or null
     */
    static OutgoingAttempt embeddings(CatalogModel model, Instant notBefore) {
        return new OutgoingAttempt(model, null, false, notBefore);
    }

    /**
     * The answer a job completes with.
     *
     * @param model      the catalog model that gave it
     * @param cached     it came from the cache
     * @param cacheUnder the name its cache entry is keyed by (with the request's body), or null not to cache it
     * @param routing    the route's decision trace, or null for a pinned model and a cached answer
     * @param embeddings an embeddings job's answer, in place of {@code completion}
     */
    record FinalAnswer(String model, String provider, ChatCompletion completion, boolean cached, String cacheUnder,
                       JsonNode routing, EmbeddingsResponse embeddings) {

        FinalAnswer(String model, String provider, ChatCompletion completion, boolean cached, String cacheUnder,
                    JsonNode routing) {
            this(model, provider, completion, cached, cacheUnder, routing, null);
        }
    }

    /** The next attempt published; the job waits for its outcome. */
    Transition publish(TransitionContext ctx, RouteState state, OutgoingAttempt next) {
        int attempt = state.currentAttempt() + 1;
        String attemptId = AttemptRequest.attemptId(state.correlationId(), attempt);
        CatalogModel model = next.model();
        JobRequest request = ctx.request();
        AttemptRequest out = AttemptRequest.builder().attemptId(attemptId).correlationId(state.correlationId())
                .attempt(attempt).provider(model.provider()).model(model.id()).upstreamModel(model.upstream())
                .tenant(request.tenant()).priority(request.priority()).createdAt(state.createdAt())
                .deadline(state.deadline()).streamTokens(next.streams())
                .body(next.body() == null ? null : next.body().withModel(model.upstream()))
                .embeddings(request.embeds() ? request.embeddings().withModel(model.upstream()).asFloats() : null)
                .notBefore(next.notBefore()).batchId(request.metadata().get(MetadataKeys.BATCH_ID))
                .finalizeOnSuccess(next.finalizeOnSuccess() && next.body() != null ? decision(request, state, model)
                        : null)
                .build();
        return new Transition(state.withAttempt(AttemptRecord.pending(attempt, attemptId, model.provider(),
                model.id())).withPhase(RoutePhase.WAITING), List.of(new Effect.PublishAttempt(out, ctx.traceparent())));
    }

    /**
     * What a worker needs to finalize the job with a successful answer of {@code model} exactly as {@link #complete}
     * would: the attempts so far, the model's price, the cache entry (when the request may be cached), the metadata.
     */
    private FinalizeOnSuccess decision(JobRequest request, RouteState state, CatalogModel model) {
        boolean caches = CachePolicy.mayWrite(request);
        return FinalizeOnSuccess.builder().earlierAttempts(summaries(state))
                .inputUsdPerMtok(model.price().inputPerMTok()).outputUsdPerMtok(model.price().outputPerMTok())
                .cacheKey(caches ? cacheKeys.key(request, model.id()) : null)
                .cacheTtlSeconds(caches ? ttl(request).toSeconds() : null).metadata(request.metadata()).build();
    }

    /** The cache asked for the answer to the request under {@code name}; the executor answers with the result. */
    Transition lookUp(TransitionContext ctx, RouteState state, String name) {
        return new Transition(state, List.of(new Effect.LookupCache(ctx.request(),
                cacheKeys.key(ctx.request(), name))));
    }

    /** The job completed with {@code answer}: stored once, then cached, announced and published. */
    Transition complete(TransitionContext ctx, RouteState state, FinalAnswer answer) {
        JobRequest request = ctx.request();
        RouteState done = state.withPhase(RoutePhase.COMPLETED);
        JobResult result = completed(ctx, done, answer);
        List<Effect> onStored = new ArrayList<>();
        if (answer.cacheUnder() != null && CachePolicy.mayWrite(request)) {
            onStored.add(new Effect.WriteCache(cacheKeys.key(request, answer.cacheUnder()), result.response(),
                    result.embeddings(), ttl(request)));
        }
        onStored.add(new Effect.AppendEvent(StreamEvent.completed(result, ctx.now())));
        onStored.add(new Effect.PublishResult(result));
        return new Transition(done, List.of(new Effect.Finalize(result, onStored)));
    }

    /**
     * The job completed with {@code answer}, finalized by the worker that got it (the decision the attempt carried):
     * its result is stored and published already; the router records it.
     */
    Transition completedByWorker(TransitionContext ctx, RouteState state, FinalAnswer answer) {
        RouteState done = state.withPhase(RoutePhase.COMPLETED);
        return new Transition(done, List.of(new Effect.FinalizedByWorker(completed(ctx, done, answer))));
    }

    private static JobResult completed(TransitionContext ctx, RouteState done, FinalAnswer answer) {
        ChatCompletion response = answer.completion() == null ? null
                : CarriedDecision.withModel(answer.completion(), answer.model());
        EmbeddingsResponse embeddings = answer.embeddings() == null ? null
                : answer.embeddings().withModel(answer.model());
        return JobResult.builder().correlationId(done.correlationId()).status(JobStatus.COMPLETED)
                .model(answer.model()).provider(answer.provider()).response(response).embeddings(embeddings)
                .cached(answer.cached())
                .attempts(summaries(done)).createdAt(done.createdAt()).completedAt(ctx.now())
                .metadata(ctx.request().metadata()).routing(answer.routing())
                .tenant(JobResult.tenantField(ctx.request().tenant())).build();
    }

    /** The job completed with a cached answer that {@code model} gave (a cached answer is not cached again). */
    Transition completeFromCache(TransitionContext ctx, CatalogModel model, ChatCompletion cached) {
        return complete(ctx, ctx.state(), new FinalAnswer(model.id(), model.provider(), cached, true, null, null));
    }

    /** An embeddings job completed with a cached answer that {@code model} gave. */
    Transition completeFromCache(TransitionContext ctx, CatalogModel model, EmbeddingsResponse cached) {
        return complete(ctx, ctx.state(), new FinalAnswer(model.id(), model.provider(), null, true, null, null,
                cached));
    }

    /**
     * The job failed: stored once, then announced, published and dead-lettered (unless its class is not: a stopped
     * batch's line, {@link FailureRule#deadLetters()}).
     *
     * @param routing the route's decision trace, or null
     */
    Transition fail(TransitionContext ctx, RouteState state, NextStep.Fail fail, JsonNode routing) {
        AttemptRecord last = state.current();
        String model = last != null ? last.model() : state.model() != null ? state.model() : state.requestedModel();
        JobResult result = JobResult.builder().correlationId(state.correlationId()).status(JobStatus.FAILED)
                .model(model).provider(last == null ? null : last.provider())
                .error(ResultError.of(fail.errorClass(), fail.message())).attempts(summaries(state))
                .createdAt(state.createdAt()).completedAt(ctx.now()).metadata(ctx.request().metadata())
                .routing(routing).tenant(JobResult.tenantField(ctx.request().tenant())).build();
        List<Effect> onStored = new ArrayList<>(List.of(new Effect.AppendEvent(StreamEvent.failed(result, ctx.now())),
                new Effect.PublishResult(result)));
        if (FailureRule.of(fail.errorClass()).deadLetters()) {
            onStored.add(new Effect.DeadLetterJob(ctx.request(), fail.reason().header(), fail.message(),
                    state.attempts().size(), last == null ? null : last.errorClass(),
                    last == null ? null : last.errorMessage(), state.origin()));
        }
        return new Transition(state.withPhase(RoutePhase.FAILED), List.of(new Effect.Finalize(result, onStored)));
    }

    /** The event announcing that the event's attempt failed with {@code error}. */
    Effect attemptFailed(TransitionContext ctx, AttemptError error) {
        AttemptRecord current = ctx.current();
        return new Effect.AppendEvent(StreamEvent.attemptFailed(ctx.state().correlationId(), current.attempt(),
                current.provider(), current.model(), ResultError.of(error.errorClass(), error.message()), ctx.now()));
    }

    private Duration ttl(JobRequest request) {
        Long seconds = request.cache().ttlSeconds();
        return seconds != null && seconds > 0 ? Duration.ofSeconds(seconds) : cacheTtl;
    }

    private static List<AttemptSummary> summaries(RouteState state) {
        return state.attempts().stream().map(AttemptRecord::summary).toList();
    }
}
