package dev.llmpool.workers.attempt;

import dev.llmpool.core.redis.JobEventStream;
import dev.llmpool.core.redis.JobStore;
import dev.llmpool.core.redis.RedisScript;
import dev.llmpool.schemas.envelope.AttemptError;
import dev.llmpool.schemas.envelope.AttemptOutcome;
import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.envelope.StreamEvent;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.EmbeddingsResponse;
import dev.llmpool.workers.metrics.WorkerMetrics;
import dev.llmpool.workers.provider.ProviderAdapter;
import dev.llmpool.workers.provider.ProviderException;
import dev.llmpool.workers.provider.errors.ErrorText;
import dev.llmpool.workers.resilience.ResilientCalls;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one attempt, on the caller's (virtual) thread, and settles its record:
 * <ol>
 * <li>an attempt the router scheduled for later ({@code not_before}, after a rate limit) waits until then
 * ({@link StartGate});</li>
 * <li>one Redis call checks the attempt's {@code attempt-done} marker and its job, and claims the attempt: an attempt
 * already done, or whose job has no record or has its result (nobody waits for its answer), is acknowledged without
 * a call; a copy of an attempt that another delivery is running right now waits for it (see {@link AttemptClaims});
 * </li>
 * <li>an attempt whose batch was stopped (cancelled or expired: {@code batchStopped}, asked also while it waits for its
 * start, a pause or quota) fails {@code CANCELLED}, and one past its deadline {@code DEADLINE_EXCEEDED}, without
 * calling the provider;</li>
 * <li>otherwise {@code attempt_started} goes to the job's stream and the job turns {@code running} (both sent without
 * waiting, ahead of the deltas on the same connection) while the provider is called through {@link ResilientCalls}
 * (pause, shared quotas, breaker, bulkhead, time limits, retries), its deltas streamed to Redis when the attempt
 * streams tokens;</li>
 * <li>when the attempt carries the router's decision that its success ends the job and the answer is a success that
 * is not a refusal, the job is finalized here ({@link AttemptFinalizer}: cache, result stored once with its
 * {@code completed} event, {@code llm.results}) and the outcome is marked {@code finalized}; a later delivery of such
 * an attempt whose job it had finalized publishes the result and outcome again, in case this worker stopped
 * in between;</li>
 * <li>the outcome goes to {@code llm.attempts} and is waited for (after every append it follows has landed); then the
 * record is acknowledged while the done marker is written and the claim given up (one call, not waited for: the outcome
 * is durable by then, and a redelivery without the marker only repeats an attempt whose outcome the router ignores).
 * An outcome that cannot be published releases the record for redelivery.</li>
 * </ol>
 * Any unexpected failure becomes an {@code INTERNAL} outcome: the record is always settled.
 */
public class AttemptRunner {

    /** The idempotency scope of finished attempts. */
    public static final String DONE_SCOPE = AttemptClaims.DONE_SCOPE;

    private static final Logger log = LoggerFactory.getLogger(AttemptRunner.class);

    private final JobEventStream events;
    private final JobStore jobs;
    private final AttemptClaims claims;
    private final OutcomePublisher outcomes;
    private final AttemptFinalizer finalizer;
    private final ResilientCalls calls;
    private final WorkerMetrics metrics;
    private final Clock clock;
    private final String workerId;
    private final Duration appendTimeout;
    private final Duration claimPollInterval;
    private final StartGate gate;
    private final Predicate<AttemptRequest> batchStopped;

    /** @param batchStopped whether an attempt's batch was stopped (its stop flag; false for an attempt of no batch) */
    public AttemptRunner(JobEventStream events, JobStore jobs, AttemptClaims claims, OutcomePublisher outcomes,
                         AttemptFinalizer finalizer, ResilientCalls calls, WorkerMetrics metrics, Clock clock, String workerId, Duration appendTimeout,
                         Duration claimPollInterval, Predicate<AttemptRequest> batchStopped) {
        this.batchStopped = batchStopped;
        this.events = events;
        this.jobs = jobs;
        this.claims = claims;
        this.outcomes = outcomes;
        this.finalizer = finalizer;
        this.calls = calls;
        this.metrics = metrics;
        this.clock = clock;
        this.workerId = workerId;
        this.appendTimeout = appendTimeout;
        this.claimPollInterval = claimPollInterval;
        this.gate = new StartGate(clock);
    }

    /**
     * Sends the attempt's claim now, when the attempt may start now, so that it shares the round trip of the lease
     * being written on the same connection (one Redis round trip before the call instead of two); null when the
     * attempt waits for its start time first (it claims then) or the claim could not be sent.
     */
    public CompletableFuture<AttemptClaims.Claim> claimAhead(AttemptRequest request, String deliveryId) {
        if (!gate.remaining(request).isZero()) {
            return null;
        }
        try {
            return claims.claimAsync(request, deliveryId);
        } catch (RuntimeException e) {
            log.debug("Attempt {}: claim not sent ahead ({}); claimed when it starts", request.attemptId(),
                    e.toString());
            return null;
        }
    }

    /**
     * Runs the attempt and settles the record through {@code ack}.
     *
     * @param passThrough headers of the attempt's record to carry onto the outcome
     * @param deliveryId  the record's place in its topic ({@code topic-partition@offset}): who holds the claim
     * @param ahead       the claim sent with the lease ({@link #claimAhead}), or null to claim now
     */
    public void run(AttemptRequest request, ProviderAdapter adapter, Map<String, String> passThrough,
                    String deliveryId, AttemptAck ack, CompletableFuture<AttemptClaims.Claim> ahead) {
        BooleanSupplier stopped = () -> batchStopped.test(request);
        gate.await(request, stopped);
        AttemptClaims.Claim claim = claimOrAwait(request, deliveryId, ahead);
        if (claim == AttemptClaims.Claim.DONE) {
            log.debug("Attempt {} was already done; acknowledging the repeat ({})", request.attemptId(), deliveryId);
            metrics.duplicate(adapter.provider());
            ack.acknowledge();
            return;
        }
        if (claim == AttemptClaims.Claim.JOB_GONE) {
            log.debug("Attempt {}: its job has no record or has ended; settled without a call ({})",
                    request.attemptId(), deliveryId);
            metrics.jobGone(adapter.provider());
            try {
                Optional<AttemptOutcome> recovered = finalizer.recover(request);
                if (recovered.isPresent()) {
                    outcomes.publish(recovered.get(), passThrough);
                    finish(request, deliveryId);
                }
            } catch (RuntimeException e) {
                log.warn("Attempt {}: the outcome of the job it finalized was not published ({}); releasing the "
                        + "record for redelivery", request.attemptId(), e.getMessage());
                releaseClaim(request, deliveryId);
                ack.release();
                return;
            }
            ack.acknowledge();
            return;
        }
        AttemptOutcome outcome;
        try {
            outcome = finalizer.finalizeIfDecided(request, attempt(request, adapter, stopped));
            outcomes.publish(outcome, passThrough);
        } catch (RuntimeException e) {
            log.warn("Attempt {}: outcome not published ({}); releasing the record for redelivery",
                    request.attemptId(), e.getMessage());
            metrics.outcomeUnpublished(adapter.provider());
            releaseClaim(request, deliveryId);
            ack.release();
            return;
        }
        finish(request, deliveryId);
        if (outcome.succeeded()) {
            metrics.succeeded(adapter.provider());
        } else {
            metrics.failed(adapter.provider(), outcome.error().errorClass());
        }
        ack.acknowledge();
    }

    /**
     * Claims the attempt for this delivery ({@code CLAIMED}), finds it done or its job gone, or, while another delivery
     * of it runs, waits until that one is done or its job ends (nothing left to do) or its claim lapses (this delivery
     * runs it). A claim Redis could not answer runs the attempt.
     */
    private AttemptClaims.Claim claimOrAwait(AttemptRequest request, String deliveryId,
                                             CompletableFuture<AttemptClaims.Claim> ahead) {
        boolean waited = false;
        CompletableFuture<AttemptClaims.Claim> first = ahead;
        while (true) {
            AttemptClaims.Claim claim;
            try {
                claim = first != null ? RedisScript.join(first) : claims.claim(request, deliveryId);
                first = null;
            } catch (RuntimeException e) {
                log.warn("Attempt {}: could not claim it ({}); running it", request.attemptId(), e.toString());
                return AttemptClaims.Claim.CLAIMED;
            }
            if (claim != AttemptClaims.Claim.HELD_ELSEWHERE) {
                return claim;
            }
            if (!waited) {
                log.info("Attempt {} is running under another delivery; {} waits for it", request.attemptId(),
                        deliveryId);
                waited = true;
            }
            try {
                Thread.sleep(claimPollInterval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for attempt " + request.attemptId(), e);
            }
        }
    }

    private void releaseClaim(AttemptRequest request, String deliveryId) {
        try {
            claims.release(request, deliveryId);
        } catch (RuntimeException e) {
            log.debug("Attempt {}: claim not released ({}); it expires", request.attemptId(), e.toString());
        }
    }

    private void finish(AttemptRequest request, String deliveryId) {
        try {
            claims.finish(request, deliveryId).whenComplete((done, error) -> {
                if (error != null) {
                    // the outcome is out and the router ignores a repeated attempt id; a redelivery would only repeat work
                    log.warn("Attempt {}: outcome published but the done marker was not written ({})",
                            request.attemptId(), error.toString());
                }
            });
        } catch (RuntimeException e) {
            log.warn("Attempt {}: outcome published but the done marker was not written ({})", request.attemptId(),
                    e.toString());
        }
    }

    private AttemptOutcome attempt(AttemptRequest request, ProviderAdapter adapter, BooleanSupplier stopped) {
        Instant started = clock.instant();
        if (stopped.getAsBoolean()) {
            log.debug("Attempt {}: batch {} was stopped; not calling the provider", request.attemptId(),
                    request.batchId());
            return failed(request, new AttemptError(ErrorClass.CANCELLED, "batch " + request.batchId()
                    + " was stopped (cancelled or expired) before the attempt started", null, null, "batch_stopped"),
                    0, started, null);
        }
        if (request.deadline() != null && !started.isBefore(request.deadline())) {
            return failed(request, new AttemptError(ErrorClass.DEADLINE_EXCEEDED,
                    "the job's deadline " + request.deadline() + " passed before the attempt started", null, null,
                    "deadline"), 0, started, null);
        }
        DeltaStreamer streamer = new DeltaStreamer(events, request, clock);
        CompletableFuture<?> announced = CompletableFuture.completedFuture(null);
        try {
            announced = CompletableFuture.allOf(
                    events.appendAsync(StreamEvent.attemptStarted(request.correlationId(), request.attempt(),
                            request.provider(), request.model(), started)),
                    jobs.setStatusAsync(request.correlationId(), JobStatus.RUNNING));
            if (request.embeddings() != null) {
                EmbeddingsResponse embeddings = calls.embed(request, adapter, stopped);
                awaitAnnounced(request, announced);
                log.debug("Attempt {} succeeded (embeddings)", request.attemptId());
                return AttemptOutcome.of(request).succeeded(true).embeddings(embeddings).latencyMs(elapsedMs(started))
                        .workerId(workerId).finishedAt(clock.instant()).build();
            }
            ChatCompletion completion = calls.call(request, adapter, streamer, streamer::streamedTokens, stopped);
            int streamed = streamer.awaitAppends(appendTimeout);
            awaitAnnounced(request, announced);
            log.debug("Attempt {} succeeded ({} deltas streamed)", request.attemptId(), streamed);
            return AttemptOutcome.of(request).succeeded(true).completion(completion).streamedChunks(streamed)
                    .latencyMs(elapsedMs(started)).timeToFirstTokenMs(streamer.timeToFirstTokenMs(started))
                    .workerId(workerId).finishedAt(clock.instant()).build();
        } catch (ProviderException e) {
            int streamed = streamer.awaitAppends(appendTimeout);
            awaitAnnounced(request, announced);
            log.info("Attempt {} failed at {}: {}", request.attemptId(), request.provider(), e.getMessage());
            return failed(request, e.error(), streamed, started, streamer.timeToFirstTokenMs(started));
        } catch (RuntimeException e) {
            int streamed = streamer.awaitAppends(appendTimeout);
            awaitAnnounced(request, announced);
            log.error("Attempt {} failed inside the worker", request.attemptId(), e);
            return failed(request, new AttemptError(ErrorClass.INTERNAL,
                    ErrorText.clean("worker failure: " + e), null, null, null), streamed, started,
                    streamer.timeToFirstTokenMs(started));
        }
    }

    /** The start announcement precedes the outcome; one that failed is logged (the attempt itself went ahead). */
    private void awaitAnnounced(AttemptRequest request, CompletableFuture<?> announced) {
        try {
            announced.get(appendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Attempt {}: its start was not recorded in Redis ({})", request.attemptId(),
                    e.getCause() == null ? e.toString() : e.getCause().toString());
        }
    }

    private AttemptOutcome failed(AttemptRequest request, AttemptError error, int streamed, Instant started,
                                  Long timeToFirstToken) {
        return AttemptOutcome.failed(request, error, streamed, elapsedMs(started), timeToFirstToken, workerId,
                clock.instant());
    }

    private long elapsedMs(Instant started) {
        return Math.max(0, Duration.between(started, clock.instant()).toMillis());
    }
}
