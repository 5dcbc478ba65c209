package dev.llmpool.router.machine;

import dev.llmpool.core.cache.CacheKeys;
import dev.llmpool.core.cache.CachePolicy;
import dev.llmpool.core.catalog.CatalogModel;
import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.core.catalog.Price;
import dev.llmpool.router.policy.escalation.DecisionTrace;
import dev.llmpool.schemas.envelope.AttemptError;
import dev.llmpool.schemas.envelope.AttemptOutcome;
import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.envelope.AttemptSummary;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.envelope.ResultError;
import dev.llmpool.schemas.envelope.StreamEvent;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import dev.llmpool.schemas.openai.Usage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The router as a deterministic state machine: {@link #decide} maps (event, current state, catalog, now) to
 * (new state, effects) and does nothing else. The same inputs always give the same decision, so a decision
 * replayed after a crash (the executor saves the state last) produces the same attempt ids and results, which
 * the outside world already de-duplicates.
 *
 * <p>A job that names a route (see {@link Ladder}) takes the transitions of {@link RouteTransitions}: its route's
 * first tier is chosen when it is received; each answer is judged and the job either finishes or climbs to the next
 * tier, dispatched exactly as a fallback is. Within a tier, a failed attempt is retried and falls back along the catalog as for a pinned model;
 * when those run out, the tier counts as failed and the ladder decides again.
 */
public final class RouterStateMachine {

    private final RoutingLimits limits;
    private final CacheKeys cacheKeys;
    private final FailurePolicy failures;
    private final Ladder ladder;
    private final RouteTransitions routes;

    /** A router without routes: every requested name is a catalog model. */
    public RouterStateMachine(RoutingLimits limits, CacheKeys cacheKeys) {
        this(limits, cacheKeys, Ladder.none());
    }

    public RouterStateMachine(RoutingLimits limits, CacheKeys cacheKeys, Ladder ladder) {
        this.limits = limits;
        this.cacheKeys = cacheKeys;
        this.failures = new FailurePolicy(limits, new FallbackPlanner());
        this.ladder = ladder;
        this.routes = new RouteTransitions(ladder, limits, cacheKeys, this);
    }

    /**
     * @param state the job's stored state, or null when the router has none (a new job, or an outcome that
     *              overtook its job's routing)
     */
    public Decision decide(RouterEvent event, RouteState state, ModelCatalog catalog, Instant now) {
        return switch (event) {
            case RouterEvent.JobReceived received -> received(received, state, catalog, now);
            case RouterEvent.CacheChecked checked -> cacheChecked(checked, state, catalog, now);
            case RouterEvent.OutcomeReceived outcome -> outcome(outcome, state, catalog, now);
        };
    }

    private Decision received(RouterEvent.JobReceived event, RouteState state, ModelCatalog catalog, Instant now) {
        if (state != null || event.recordStatus() != null && event.recordStatus().terminal()) {
            return Decision.unchanged(state);
        }
        JobRequest request = event.request();
        String id = request.correlationId();
        List<Effect> effects = new ArrayList<>();
        if (event.recordStatus() == null) {
            // a job published straight to Kafka: the record is the router's to create (the gateway creates its own)
            effects.add(new Effect.CreateJob(id, event.requestJson(),
                    List.of(new Effect.AppendEvent(StreamEvent.queued(id, now)))));
        }
        Instant createdAt = request.createdAt() != null ? request.createdAt() : now;
        Instant deadline = request.deadline() != null ? request.deadline() : createdAt.plus(limits.defaultTimeout());
        RouteState fresh = new RouteState(RouteState.VERSION, id, RoutePhase.ROUTING, request.requestedModel(), null,
                createdAt, deadline, event.traceparent(), List.of(), null, event.origin());
        if (!now.isBefore(deadline)) {
            return fail(fresh, request, new NextStep.Fail(ErrorClass.DEADLINE_EXCEEDED,
                    DeadLetterReason.DEADLINE_EXCEEDED, "The job's deadline " + deadline
                            + " passed before it was routed."), effects, now);
        }
        if (ladder.routes(request)) {
            return routes.received(fresh, request, event.traceparent(), effects, catalog, now);
        }
        Optional<CatalogModel> model = catalog.resolve(request.requestedModel());
        if (model.isEmpty()) {
            return fail(fresh, request, new NextStep.Fail(ErrorClass.MODEL_NOT_FOUND, DeadLetterReason.MODEL_NOT_FOUND,
                    "The model `" + request.requestedModel() + "` does not exist."), effects, now);
        }
        RouteState resolved = fresh.withModel(model.get().id());
        if (CachePolicy.mayRead(request.cache(), request.body())) {
            effects.add(new Effect.LookupCache(request, cacheKeys.key(request.body(), model.get().id())));
            return new Decision(resolved, effects);
        }
        return dispatch(resolved, request, model.get(), event.traceparent(), effects);
    }

    private Decision cacheChecked(RouterEvent.CacheChecked event, RouteState state, ModelCatalog catalog,
                                  Instant now) {
        if (state == null || state.phase() != RoutePhase.ROUTING) {
            return Decision.unchanged(state);
        }
        JobRequest request = event.request();
        CatalogModel model = catalog.resolve(state.model())
                .orElseThrow(() -> new IllegalStateException("model " + state.model() + " left the catalog"));
        if (event.cached() == null) {
            if (state.routing() != null) {
                return routes.start(state, request, state.traceparent(), new ArrayList<>(), catalog, now);
            }
            return dispatch(state, request, model, state.traceparent(), new ArrayList<>());
        }
        if (state.routing() != null) {
            // a route's cached answer names the catalog model that gave it
            model = catalog.resolve(event.cached().model()).orElse(model);
        }
        ChatCompletion response = withModel(event.cached(), model.id());
        JobResult result = JobResult.builder().correlationId(state.correlationId()).status(JobStatus.COMPLETED)
                .model(model.id()).provider(model.provider()).response(response).cached(true).attempts(List.of())
                .createdAt(state.createdAt()).completedAt(now).metadata(request.metadata()).build();
        return new Decision(state.withPhase(RoutePhase.COMPLETED), List.of(new Effect.Finalize(result, List.of(
                new Effect.AppendEvent(StreamEvent.completed(result, now)), new Effect.PublishResult(result)))));
    }

    private Decision outcome(RouterEvent.OutcomeReceived event, RouteState state, ModelCatalog catalog,
                             Instant now) {
        AttemptOutcome outcome = event.outcome();
        if (state == null) {
            return Decision.defer(null, "job " + outcome.correlationId() + " has no route yet");
        }
        if (state.phase().terminal()) {
            return Decision.unchanged(state);
        }
        if (outcome.attempt() > state.currentAttempt()) {
            return Decision.defer(state, "attempt " + outcome.attemptId() + " is not routed yet");
        }
        AttemptRecord current = state.current();
        if (outcome.attempt() < state.currentAttempt() || current == null || !current.pending()) {
            return Decision.unchanged(state);
        }
        JobRequest request = Objects.requireNonNull(event.request(), "the job record holds no request");
        CatalogModel model = catalog.resolve(current.model()).orElseGet(() -> detached(current));
        if (state.routing() != null && state.routing().awaitsJudge(current.attempt())) {
            return routes.judged(state, current, request, model, outcome, event.traceparent(), catalog, now);
        }
        if (outcome.succeeded() && outcome.completion() != null) {
            if (state.routing() != null) {
                // a routed job's answers are judged by its tiers' scorers (a refusal among them) before anything else
                return routes.answered(state, current, request, model, outcome, event.traceparent(), catalog, now);
            }
            Optional<AttemptOutcome> refused = Refusals.asFailure(outcome);
            if (refused.isPresent()) {
                Decision fallback = failed(state, current, request, model, refused.get(), event.traceparent(),
                        catalog, now);
                if (!fallback.effects(Effect.PublishAttempt.class).isEmpty()) {
                    return fallback;
                }
            }
            return succeeded(state, current, request, model, outcome, now);
        }
        return failed(state, current, request, model, outcome, event.traceparent(), catalog, now);
    }

    private Decision succeeded(RouteState state, AttemptRecord current, JobRequest request, CatalogModel model,
                               AttemptOutcome outcome, Instant now) {
        Usage usage = outcome.completion().usage();
        Double cost = usage == null ? null : model.price().cost(usage);
        RouteState done = state.withCurrent(current.succeeded(outcome.latencyMs(), usage, cost,
                outcome.streamedChunks())).withPhase(RoutePhase.COMPLETED);
        ChatCompletion response = withModel(outcome.completion(), model.id());
        JobResult result = JobResult.builder().correlationId(state.correlationId()).status(JobStatus.COMPLETED)
                .model(model.id()).provider(model.provider()).response(response).attempts(summaries(done))
                .createdAt(done.createdAt()).completedAt(now).metadata(request.metadata()).build();
        List<Effect> onStored = new ArrayList<>();
        if (CachePolicy.mayWrite(request.cache(), request.body())) {
            onStored.add(new Effect.WriteCache(cacheKeys.key(request.body(), model.id()), response, cacheTtl(request)));
        }
        onStored.add(new Effect.AppendEvent(StreamEvent.completed(result, now)));
        onStored.add(new Effect.PublishResult(result));
        return new Decision(done, List.of(new Effect.Finalize(result, onStored)));
    }

    private Decision failed(RouteState state, AttemptRecord current, JobRequest request, CatalogModel model,
                            AttemptOutcome outcome, String traceparent, ModelCatalog catalog, Instant now) {
        AttemptError error = outcome.error() != null ? outcome.error()
                : new AttemptError(ErrorClass.INTERNAL, "the attempt reported success without a completion", null,
                        null, null);
        RouteState recorded = state.withCurrent(current.failed(error.errorClass(), error.message(),
                outcome.latencyMs(), outcome.streamedChunks()));
        List<Effect> effects = new ArrayList<>();
        effects.add(new Effect.AppendEvent(StreamEvent.attemptFailed(state.correlationId(), current.attempt(),
                current.provider(), current.model(), ResultError.of(error.errorClass(), error.message()), now)));
        CatalogModel origin = catalog.resolve(state.model()).orElse(model);
        NextStep step = failures.next(recorded, origin, model, error, outcome.streamedChunks(), catalog, now);
        if (recorded.routing() != null && error.errorClass() == ErrorClass.CIRCUIT_OPEN) {
            // a routed job's route is its fallback plan: an open circuit fails the tier at once and the job climbs,
            // instead of spending its attempts on the catalog's fallbacks or waiting the breaker out
            step = new NextStep.Fail(ErrorClass.CIRCUIT_OPEN, DeadLetterReason.EXHAUSTED, "Attempt "
                    + current.attempt() + " found the circuit of " + current.model() + " open: " + error.message());
        }
        if (recorded.routing() != null && (step instanceof NextStep.Fail
                || !now.isBefore(state.deadline()) && recorded.routing().answered())) {
            return routes.tierFailed(recorded, current, request, step, error, outcome.streamedChunks(),
                    traceparent != null ? traceparent : state.traceparent(), effects, catalog, now);
        }
        return switch (step) {
            case NextStep.Attempt next when !now.isBefore(state.deadline()) -> fail(recorded, request,
                    new NextStep.Fail(ErrorClass.DEADLINE_EXCEEDED, DeadLetterReason.DEADLINE_EXCEEDED,
                            "The job's deadline " + state.deadline() + " passed after attempt " + current.attempt()
                                    + " failed (" + error.errorClass().json() + "): " + error.message()),
                    effects, now);
            case NextStep.Attempt next -> dispatch(recorded, request, next.model(),
                    traceparent != null ? traceparent : state.traceparent(), effects,
                    next.delay().isZero() ? null : now.plus(next.delay()));
            case NextStep.Fail fail -> fail(recorded, request, fail, effects, now);
        };
    }

    Decision dispatch(RouteState state, JobRequest request, CatalogModel model, String traceparent,
                              List<Effect> effects) {
        return dispatch(state, request, model, traceparent, effects, null);
    }

    /** @param notBefore when the worker may call the provider (after a wait the provider asked for), or null */
    private Decision dispatch(RouteState state, JobRequest request, CatalogModel model, String traceparent,
                              List<Effect> effects, Instant notBefore) {
        RouteTrack track = state.routing();
        boolean streams = track == null ? request.streamsTokens() : track.streams();
        ChatCompletionRequest body = track == null ? request.body() : track.body(request.body());
        return publish(state, model, body, streams, request, traceparent, effects, notBefore);
    }

    /** Publishes the next attempt at once: {@code body} to {@code model}, tokens streamed to the client or not. */
    Decision publish(RouteState state, CatalogModel model, ChatCompletionRequest body, boolean streams,
                     JobRequest request, String traceparent, List<Effect> effects) {
        return publish(state, model, body, streams, request, traceparent, effects, null);
    }

    private Decision publish(RouteState state, CatalogModel model, ChatCompletionRequest body, boolean streams,
                             JobRequest request, String traceparent, List<Effect> effects, Instant notBefore) {
        int attempt = state.currentAttempt() + 1;
        String attemptId = AttemptRequest.attemptId(state.correlationId(), attempt);
        AttemptRequest out = AttemptRequest.builder().attemptId(attemptId).correlationId(state.correlationId())
                .attempt(attempt).provider(model.provider()).model(model.id()).upstreamModel(model.upstream())
                .tenant(request.tenant()).priority(request.priority()).createdAt(state.createdAt())
                .deadline(state.deadline()).streamTokens(streams).body(body.withModel(model.upstream()))
                .notBefore(notBefore).build();
        effects.add(new Effect.PublishAttempt(out, traceparent));
        return new Decision(state.withAttempt(AttemptRecord.pending(attempt, attemptId, model.provider(), model.id()))
                .withPhase(RoutePhase.WAITING), effects);
    }

    Decision fail(RouteState state, JobRequest request, NextStep.Fail fail, List<Effect> effects,
                          Instant now) {
        return fail(state, request, fail, null, effects, now);
    }

    /** @param trace the route's decision trace, or null */
    Decision fail(RouteState state, JobRequest request, NextStep.Fail fail, DecisionTrace trace,
                          List<Effect> effects, Instant now) {
        AttemptRecord last = state.current();
        String model = last != null ? last.model() : state.model() != null ? state.model() : state.requestedModel();
        JobResult result = JobResult.builder().correlationId(state.correlationId()).status(JobStatus.FAILED)
                .model(model).provider(last == null ? null : last.provider())
                .error(ResultError.of(fail.errorClass(), fail.message())).attempts(summaries(state))
                .createdAt(state.createdAt()).completedAt(now).metadata(request.metadata())
                .routing(ladder.json(trace)).build();
        effects.add(new Effect.Finalize(result, List.of(
                new Effect.AppendEvent(StreamEvent.failed(result, now)),
                new Effect.PublishResult(result),
                new Effect.DeadLetterJob(request, fail.reason().header(), fail.message(), state.attempts().size(),
                        last == null ? null : last.errorClass(), last == null ? null : last.errorMessage(),
                        state.origin()))));
        return new Decision(state.withPhase(RoutePhase.FAILED), effects);
    }

    Duration cacheTtl(JobRequest request) {
        Long seconds = request.cache().ttlSeconds();
        return seconds != null && seconds > 0 ? Duration.ofSeconds(seconds) : limits.cacheTtl();
    }

    static List<AttemptSummary> summaries(RouteState state) {
        return state.attempts().stream().map(AttemptRecord::summary).toList();
    }

    static ChatCompletion withModel(ChatCompletion completion, String model) {
        return new ChatCompletion(completion.id(), completion.object(), completion.created(), model,
                completion.choices(), completion.usage(), completion.systemFingerprint());
    }

    /** A model the catalog no longer has (it changed between attempts): no price, no fallbacks. */
    private static CatalogModel detached(AttemptRecord attempt) {
        return new CatalogModel(attempt.model(), attempt.provider(), attempt.model(), List.of(), 1, Price.FREE,
                List.of());
    }
}
