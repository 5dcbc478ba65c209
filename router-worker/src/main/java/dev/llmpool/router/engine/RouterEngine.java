package dev.llmpool.router.engine;

import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.core.redis.JobFingerprints;
import dev.llmpool.router.effects.EffectExecutor;
import dev.llmpool.router.machine.Transition;
import dev.llmpool.router.machine.Effect;
import dev.llmpool.router.machine.RecordOrigin;
import dev.llmpool.router.machine.RouteState;
import dev.llmpool.router.machine.RouterEvent;
import dev.llmpool.router.machine.RouterStateMachine;
import dev.llmpool.router.tenancy.BudgetSnapshots;
import dev.llmpool.schemas.envelope.AttemptOutcome;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.json.JsonCodec;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one record: loads the job's state, lets the machine decide, applies the effects in order (feeding
 * the answers of queries such as a cache lookup back to the machine), and saves the state last. Saving last
 * means a crash anywhere before replays the same decision on redelivery: the attempt ids, the once-stored
 * result and the cache entry make that replay harmless. Before the machine decides, the job's tenant's budgets are
 * made ready in memory ({@link BudgetSnapshots#prepare}), so the decision itself does no I/O.
 */
public class RouterEngine {

    private static final Logger log = LoggerFactory.getLogger(RouterEngine.class);

    /** Transitions per record; a loop longer than this is a bug, not a workload. */
    private static final int MAX_STEPS = 8;

    private final RouterStateMachine machine;
    private final ModelCatalog catalog;
    private final RouteStateStore store;
    private final EffectExecutor executor;
    private final Clock clock;
    private final JobFingerprints fingerprints;
    private final BudgetSnapshots budgets;

    public RouterEngine(RouterStateMachine machine, ModelCatalog catalog, RouteStateStore store,
                        EffectExecutor executor, BudgetSnapshots budgets, Clock clock, JsonCodec codec) {
        this.machine = machine;
        this.catalog = catalog;
        this.store = store;
        this.executor = executor;
        this.clock = clock;
        this.fingerprints = new JobFingerprints(codec);
        this.budgets = budgets;
    }

    public void onRequest(JobRequest request, String requestJson, String traceparent) {
        onRequest(request, requestJson, traceparent, null);
    }

    /**
     * A request whose correlation id names a job that a different request created (its {@link JobFingerprints
     * fingerprint} differs) is refused: it is not a repeat, and answering it would hand one request's job to another.
     *
     * @param origin where the request record sat in Kafka (named by the job's dead letter), or null
     * @throws RefusedRecordException when the correlation id belongs to another request's job
     * @throws JobProcessingException naming the job, when handling it failed
     */
    public void onRequest(JobRequest request, String requestJson, String traceparent, RecordOrigin origin) {
        String id = request.correlationId();
        ofJobRefusing(id, () -> {
            StoredJob job = store.load(id, false);
            if (job.fingerprint() != null && !job.fingerprint().isEmpty()
                    && !job.fingerprint().equals(fingerprints.of(request))) {
                throw RefusedRecordException.conflictingRequest(id);
            }
            budgets.prepare(request);
            run(new RouterEvent.JobReceived(request, requestJson, traceparent, job.status(), origin), job.state());
            return null;
        });
    }

    /**
     * An outcome of a job that has no record, or of an attempt the router never published (nor is about to record:
     * its state is saved just after the attempt is published, so the next attempt's outcome may arrive first and is
     * deferred), or of the current attempt but not as the router published it (another attempt id, provider or model),
     * is refused; one of a finished job, or of an earlier attempt, changes nothing, except that an outcome the worker
     * finalized the job with is recorded.
     *
     * @throws RefusedRecordException when the outcome can never be used
     * @throws JobProcessingException  naming the job, when handling it failed
     */
    public void onOutcome(AttemptOutcome outcome, String traceparent) {
        String id = outcome.correlationId();
        StoredJob job = ofJob(id, () -> store.load(id, true));
        if (job.status() == null) {
            throw RefusedRecordException.unknownJob(id);
        }
        if (job.status().terminal() && !outcome.finalized()) {
            // a worker that finalized the job still reports its outcome: the router records it (its state and metrics)
            return;
        }
        int routed = job.state() == null ? 0 : job.state().currentAttempt();
        if (outcome.attempt() > routed + 1) {
            throw RefusedRecordException.unknownAttempt(outcome.attemptId(), routed);
        }
        if (routed > 0 && outcome.attempt() == routed && !job.state().current().publishedAs(outcome)) {
            throw RefusedRecordException.mismatch(outcome, job.state().current());
        }
        ofJob(id, () -> {
            budgets.prepare(job.request());
            run(new RouterEvent.OutcomeReceived(job.request(), outcome, traceparent), job.state());
            return null;
        });
    }

    /** Runs a step of the job's handling; a refusal comes out as it is, any other failure naming the job. */
    private static <T> T ofJobRefusing(String correlationId, Supplier<T> step) {
        try {
            return step.get();
        } catch (RefusedRecordException refused) {
            throw refused;
        } catch (RuntimeException e) {
            throw new JobProcessingException(correlationId, e);
        }
    }

    /** Runs a step of the job's handling; a failure comes out naming the job. */
    private static <T> T ofJob(String correlationId, Supplier<T> step) {
        try {
            return step.get();
        } catch (RuntimeException e) {
            throw new JobProcessingException(correlationId, e);
        }
    }

    private void run(RouterEvent first, RouteState stored) {
        RouteState state = stored;
        Deque<RouterEvent> events = new ArrayDeque<>();
        events.add(first);
        int steps = 0;
        while (!events.isEmpty()) {
            if (++steps > MAX_STEPS) {
                throw new IllegalStateException("job " + first.correlationId() + " took more than " + MAX_STEPS
                        + " transitions for one record");
            }
            RouterEvent event = events.poll();
            Transition transition = machine.decide(event, state, catalog, clock.instant());
            if (log.isDebugEnabled()) {
                log.debug("{} {}: {} -> {}", event.getClass().getSimpleName(), event.correlationId(),
                        transition.state() == null ? "no state" : transition.state().phase(),
                        transition.effects().stream().map(e -> e.getClass().getSimpleName()).toList());
            }
            for (Effect effect : transition.effects()) {
                executor.apply(effect).ifPresent(events::add);
            }
            state = transition.state();
        }
        if (state != null && !Objects.equals(state, stored)) {
            store.save(state);
        }
    }
}
