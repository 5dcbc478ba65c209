package dev.llmpool.router.engine;

import dev.llmpool.router.effects.EffectExecutor;
import dev.llmpool.router.machine.AttemptRecord;
import dev.llmpool.router.machine.Effect;
import dev.llmpool.router.machine.RouteState;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.envelope.ResultError;
import dev.llmpool.schemas.envelope.StreamEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import dev.llmpool.core.redis.JobView;
import java.nio.charset.StandardCharsets;

/**
 * Ends a job whose record the router gave up on (its handling kept failing, or can never succeed), so that no job is
 * left without an end: the job fails with an {@code internal} error naming the reason, through the effects of every
 * failure the machine decides ({@link Effect.Finalize}: the result stored once by {@code JobStore.complete}, then the
 * {@code failed} event, {@code llm.results} and the job's dead letter). A job without a record, or one that has
 * ended, is left alone. Only what can be read of the job is used: its stored state may be what broke.
 */
public class AbandonedJobs {

    private final RouteStateStore store;
    private final EffectExecutor executor;
    private final Clock clock;

    public AbandonedJobs(RouteStateStore store, EffectExecutor executor, Clock clock) {
        this.store = store;
        this.executor = executor;
        this.clock = clock;
    }

    /**
     * Ends, as a {@code bad_request}, the job that was created from a request record the router refused (not JSON, or
     * not the schema): the gateway stores a job's request as the very text it publishes, so a job whose stored request
     * is {@code value} and that was never routed was waiting for this record alone and would otherwise stay queued
     * forever. A refused record that another job's id merely names (another text) leaves that job alone.
     *
     * @param reason the record's dead-letter reason ({@code invalid-json}, {@code schema-violation}, …)
     */
    public void refused(String correlationId, byte[] value, String reason, String problems) {
        if (correlationId == null || value == null) {
            return;
        }
        Optional<JobView> stored = store.view(correlationId);
        if (stored.isEmpty() || stored.get().status().terminal() || stored.get().routeJson() != null
                || !new String(value, StandardCharsets.UTF_8).equals(stored.get().requestJson())) {
            return;
        }
        Instant now = clock.instant();
        JobResult result = JobResult.builder().correlationId(correlationId).status(JobStatus.FAILED)
                .error(ResultError.of(ErrorClass.BAD_REQUEST, "The request was refused (" + reason + "): "
                        + problems))
                .attempts(List.of()).createdAt(now).completedAt(now).build();
        executor.apply(new Effect.Finalize(result, List.of(new Effect.AppendEvent(StreamEvent.failed(result, now)),
                new Effect.PublishResult(result))));
    }

    /**
     * @param reason            the dead letter's reason, named by the job's error
     * @param detail            what went wrong, for the dead letter (not shown to the client)
     * @param deadLetterRequest whether the job's request is dead-lettered too: not when the record given up on is
     *                          that request, which is dead-lettered itself
     */
    public void fail(String correlationId, String reason, String detail, boolean deadLetterRequest) {
        StoredJob job = store.loadReadable(correlationId);
        if (job.status() == null || job.status().terminal()) {
            return;
        }
        RouteState state = job.state();
        JobRequest request = job.request();
        AttemptRecord last = state == null ? null : state.current();
        Instant now = clock.instant();
        JobResult result = JobResult.builder().correlationId(correlationId).status(JobStatus.FAILED)
                .model(last != null ? last.model() : request == null ? null : request.requestedModel())
                .provider(last == null ? null : last.provider())
                .error(ResultError.of(ErrorClass.INTERNAL, "The router could not process the job (" + reason
                        + "); its dead letter says why."))
                .attempts(state == null ? List.of() : state.attempts().stream().map(AttemptRecord::summary).toList())
                .createdAt(state != null ? state.createdAt()
                        : request != null && request.createdAt() != null ? request.createdAt() : now)
                .completedAt(now).metadata(request == null ? null : request.metadata()).build();
        List<Effect> onStored = new ArrayList<>(List.of(new Effect.AppendEvent(StreamEvent.failed(result, now)),
                new Effect.PublishResult(result)));
        if (deadLetterRequest && request != null) {
            onStored.add(new Effect.DeadLetterJob(request, reason, detail, result.attempts().size(),
                    last == null ? null : last.errorClass(), last == null ? null : last.errorMessage(),
                    state == null ? null : state.origin()));
        }
        executor.apply(new Effect.Finalize(result, onStored));
    }
}
