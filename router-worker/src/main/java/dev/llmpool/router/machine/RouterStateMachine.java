package dev.llmpool.router.machine;

import dev.llmpool.core.cache.CacheKeys;
import dev.llmpool.core.catalog.CatalogModel;
import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.core.catalog.Price;
import dev.llmpool.schemas.envelope.AttemptOutcome;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.envelope.StreamEvent;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The router as a deterministic state machine: {@link #decide} maps (event, current state, catalog, now) to a
 * {@link Transition} (new state, effects) and does nothing else. The same inputs always give the same transition,
 * so one replayed after a crash (the executor saves the state last) produces the same attempt ids and results,
 * which the outside world already de-duplicates.
 *
 * <p>This class is the dispatcher: it drops repeated and stale events, fails a new job whose deadline has passed,
 * and hands the rest to the job's kind, chosen here and only here: {@link EmbeddingsJob} for an embeddings job,
 * {@link RoutedJob} for a job that names a route (see {@link Ladder}), {@link PinnedJob} for one that names a catalog
 * model.
 */
public final class RouterStateMachine {

    private final RoutingLimits limits;
    private final Ladder ladder;
    private final JobEffects effects;
    private final PinnedJob pinned;
    private final RoutedJob routed;
    private final EmbeddingsJob embeddings;

    /** A router without routes: every requested name is a catalog model. */
    public RouterStateMachine(RoutingLimits limits, CacheKeys cacheKeys) {
        this(limits, cacheKeys, Ladder.none());
    }

    public RouterStateMachine(RoutingLimits limits, CacheKeys cacheKeys, Ladder ladder) {
        this.limits = limits;
        this.ladder = ladder;
        this.effects = new JobEffects(cacheKeys, limits.cacheTtl());
        AttemptFailures failures = new AttemptFailures(limits, effects);
        this.pinned = new PinnedJob(effects, failures);
        this.routed = new RoutedJob(ladder, limits, effects, failures);
        this.embeddings = new EmbeddingsJob(effects, failures);
    }

    /**
     * @param state the job's stored state, or null when the router has none (a new job, or an outcome that
     *              overtook its job's routing)
     */
    public Transition decide(RouterEvent event, RouteState state, ModelCatalog catalog, Instant now) {
        return switch (event) {
            case RouterEvent.JobReceived received -> received(received, state, catalog, now);
            case RouterEvent.CacheChecked checked -> cacheChecked(checked, state, catalog, now);
            case RouterEvent.OutcomeReceived outcome -> outcome(outcome, state, catalog, now);
        };
    }

    private Transition received(RouterEvent.JobReceived event, RouteState state, ModelCatalog catalog,
                                Instant now) {
        if (state != null || event.recordStatus() != null && event.recordStatus().terminal()) {
            return Transition.unchanged(state);
        }
        JobRequest request = event.request();
        String id = request.correlationId();
        // a job published straight to Kafka: the record is the router's to create (the gateway creates its own)
        List<Effect> created = event.recordStatus() != null ? List.of() : List.of(new Effect.CreateJob(id,
                event.requestJson(), List.of(new Effect.AppendEvent(StreamEvent.queued(id, now)))));
        Instant createdAt = request.createdAt() != null ? request.createdAt() : now;
        Instant deadline = request.deadline() != null ? request.deadline() : createdAt.plus(limits.defaultTimeout());
        RouteState fresh = new RouteState(RouteState.VERSION, id, RoutePhase.ROUTING, request.requestedModel(), null,
                createdAt, deadline, event.traceparent(), List.of(), null, event.origin());
        TransitionContext ctx = new TransitionContext(fresh, request, null, catalog, now, event.traceparent());
        if (ctx.pastDeadline()) {
            return effects.fail(ctx, fresh, new NextStep.Fail(ErrorClass.DEADLINE_EXCEEDED,
                    DeadLetterReason.DEADLINE_EXCEEDED, "The job's deadline " + deadline
                            + " passed before it was routed."), null).after(created);
        }
        JobTransitions kind = request.embeds() ? embeddings : ladder.routes(request) ? routed : pinned;
        return kind.received(ctx).after(created);
    }

    private Transition cacheChecked(RouterEvent.CacheChecked event, RouteState state, ModelCatalog catalog,
                                    Instant now) {
        if (state == null || state.phase() != RoutePhase.ROUTING) {
            return Transition.unchanged(state);
        }
        CatalogModel model = catalog.resolve(state.model())
                .orElseThrow(() -> new IllegalStateException("model " + state.model() + " left the catalog"));
        TransitionContext ctx = new TransitionContext(state, event.request(), model, catalog, now,
                state.traceparent());
        return kind(state, event.request()).cacheChecked(ctx, event);
    }

    private Transition outcome(RouterEvent.OutcomeReceived event, RouteState state, ModelCatalog catalog,
                               Instant now) {
        AttemptOutcome outcome = event.outcome();
        if (state == null) {
            return Transition.defer(null, "job " + outcome.correlationId() + " has no route yet");
        }
        if (state.phase().terminal()) {
            return Transition.unchanged(state);
        }
        if (outcome.attempt() > state.currentAttempt()) {
            return Transition.defer(state, "attempt " + outcome.attemptId() + " is not routed yet");
        }
        AttemptRecord current = state.current();
        if (outcome.attempt() < state.currentAttempt() || current == null || !current.pending()) {
            return Transition.unchanged(state);
        }
        JobRequest request = Objects.requireNonNull(event.request(), "the job record holds no request");
        CatalogModel model = catalog.resolve(current.model()).orElseGet(() -> detached(current));
        TransitionContext ctx = new TransitionContext(state, request, model, catalog, now,
                event.traceparent() != null ? event.traceparent() : state.traceparent());
        return kind(state, request).outcome(ctx, outcome);
    }

    /** An embeddings job is one by its request; a job that took a route keeps its track in its state for good. */
    private JobTransitions kind(RouteState state, JobRequest request) {
        if (request != null && request.embeds()) {
            return embeddings;
        }
        return state.routing() != null ? routed : pinned;
    }

    /** A model the catalog no longer has (it changed between attempts): no price, no fallbacks. */
    private static CatalogModel detached(AttemptRecord attempt) {
        return new CatalogModel(attempt.model(), attempt.provider(), attempt.model(), List.of(), 1, Price.FREE,
                List.of());
    }
}
