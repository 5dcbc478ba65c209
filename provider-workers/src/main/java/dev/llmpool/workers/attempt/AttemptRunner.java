package dev.llmpool.workers.attempt;

import dev.llmpool.core.redis.JobEventStream;
import dev.llmpool.core.redis.JobStore;
import dev.llmpool.core.redis.OnceMarkers;
import dev.llmpool.schemas.envelope.AttemptError;
import dev.llmpool.schemas.envelope.AttemptOutcome;
import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.envelope.StreamEvent;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.workers.metrics.WorkerMetrics;
import dev.llmpool.workers.provider.ErrorMapping;
import dev.llmpool.workers.provider.ProviderAdapter;
import dev.llmpool.workers.provider.ProviderException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one attempt, on the caller's (virtual) thread, and settles its record:
 * <ol>
 * <li>an attempt already done (its {@code attempt-done} marker exists) is acknowledged and skipped; a copy of an
 * attempt that another delivery is running right now waits for it (see {@link AttemptClaims});</li>
 * <li>an attempt past its deadline fails {@code DEADLINE_EXCEEDED} without calling the provider;</li>
 * <li>otherwise {@code attempt_started} goes to the job's stream, the job turns {@code running}, and the provider is
 * called, its deltas streamed to Redis when the attempt streams tokens;</li>
 * <li>the outcome goes to {@code llm.attempts} and is waited for; then the done marker; then the record is
 * acknowledged. An outcome that cannot be published releases the record for redelivery.</li>
 * </ol>
 * Any unexpected failure becomes an {@code INTERNAL} outcome: the record is always settled.
 */
public class AttemptRunner {

    /** The idempotency scope of finished attempts. */
    public static final String DONE_SCOPE = "attempt-done";

    private static final Logger log = LoggerFactory.getLogger(AttemptRunner.class);

    private final JobEventStream events;
    private final JobStore jobs;
    private final OnceMarkers once;
    private final AttemptClaims claims;
    private final OutcomePublisher outcomes;
    private final WorkerMetrics metrics;
    private final Clock clock;
    private final String workerId;
    private final Duration doneTtl;
    private final Duration appendTimeout;
    private final Duration claimPollInterval;

    public AttemptRunner(JobEventStream events, JobStore jobs, OnceMarkers once, AttemptClaims claims,
                         OutcomePublisher outcomes, WorkerMetrics metrics, Clock clock, String workerId,
                         Duration doneTtl, Duration appendTimeout, Duration claimPollInterval) {
        this.events = events;
        this.jobs = jobs;
        this.once = once;
        this.claims = claims;
        this.outcomes = outcomes;
        this.metrics = metrics;
        this.clock = clock;
        this.workerId = workerId;
        this.doneTtl = doneTtl;
        this.appendTimeout = appendTimeout;
        this.claimPollInterval = claimPollInterval;
    }

    /**
     * Runs the attempt and settles the record through {@code ack}.
     *
     * @param passThrough headers of the attempt's record to carry onto the outcome
     * @param deliveryId  the record's place in its topic ({@code topic-partition@offset}): who holds the claim
     */
    public void run(AttemptRequest request, ProviderAdapter adapter, Map<String, String> passThrough,
                    String deliveryId, AttemptAck ack) {
        if (alreadyDone(request) || !claimOrAwait(request, deliveryId)) {
            log.debug("Attempt {} was already done; acknowledging the repeat ({})", request.attemptId(), deliveryId);
            metrics.duplicate(adapter.provider());
            ack.acknowledge();
            return;
        }
        try {
            AttemptOutcome outcome = attempt(request, adapter);
            try {
                outcomes.publish(outcome, passThrough);
            } catch (RuntimeException e) {
                log.warn("Attempt {}: outcome not published ({}); releasing the record for redelivery",
                        request.attemptId(), e.getMessage());
                metrics.outcomeUnpublished(adapter.provider());
                ack.release();
                return;
            }
            markDone(request);
            if (outcome.succeeded()) {
                metrics.succeeded(adapter.provider());
            } else {
                metrics.failed(adapter.provider(), outcome.error().errorClass());
            }
            ack.acknowledge();
        } finally {
            releaseClaim(request, deliveryId);
        }
    }

    /**
     * Claims the attempt for this delivery, or, while another delivery of it runs, waits until that one is done
     * (false: nothing left to do) or its claim lapses (true: this delivery runs it).
     */
    private boolean claimOrAwait(AttemptRequest request, String deliveryId) {
        boolean waited = false;
        while (true) {
            try {
                if (claims.claim(request.attemptId(), deliveryId)) {
                    // the holder may have finished and released between our last look and this claim
                    if (alreadyDone(request)) {
                        releaseClaim(request, deliveryId);
                        return false;
                    }
                    return true;
                }
            } catch (RuntimeException e) {
                log.warn("Attempt {}: could not claim it ({}); running it", request.attemptId(), e.toString());
                return true;
            }
            if (!waited) {
                log.info("Attempt {} is running under another delivery; {} waits for it", request.attemptId(),
                        deliveryId);
                waited = true;
            }
            if (alreadyDone(request)) {
                return false;
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
            claims.release(request.attemptId(), deliveryId);
        } catch (RuntimeException e) {
            log.debug("Attempt {}: claim not released ({}); it expires", request.attemptId(), e.toString());
        }
    }

    private AttemptOutcome attempt(AttemptRequest request, ProviderAdapter adapter) {
        Instant started = clock.instant();
        if (request.deadline() != null && !started.isBefore(request.deadline())) {
            return failed(request, new AttemptError(ErrorClass.DEADLINE_EXCEEDED,
                    "the job's deadline " + request.deadline() + " passed before the attempt started", null, null,
                    "deadline"), 0, started, null);
        }
        DeltaStreamer streamer = new DeltaStreamer(events, request, clock);
        try {
            events.append(StreamEvent.attemptStarted(request.correlationId(), request.attempt(), request.provider(),
                    request.model(), started));
            jobs.setStatus(request.correlationId(), JobStatus.RUNNING);
            ChatCompletion completion = adapter.complete(request, streamer);
            int streamed = streamer.awaitAppends(appendTimeout);
            log.debug("Attempt {} succeeded ({} deltas streamed)", request.attemptId(), streamed);
            return new AttemptOutcome(AttemptOutcome.VERSION, request.attemptId(), request.correlationId(),
                    request.attempt(), request.provider(), request.model(), true, completion, null, streamed,
                    elapsedMs(started), streamer.timeToFirstTokenMs(started), workerId, clock.instant());
        } catch (ProviderException e) {
            int streamed = streamer.awaitAppends(appendTimeout);
            log.info("Attempt {} failed at {}: {}", request.attemptId(), request.provider(), e.getMessage());
            return failed(request, e.error(), streamed, started, streamer.timeToFirstTokenMs(started));
        } catch (RuntimeException e) {
            int streamed = streamer.awaitAppends(appendTimeout);
            log.error("Attempt {} failed inside the worker", request.attemptId(), e);
            return failed(request, new AttemptError(ErrorClass.INTERNAL,
                    ErrorMapping.clean("worker failure: " + e), null, null, null), streamed, started,
                    streamer.timeToFirstTokenMs(started));
        }
    }

    private AttemptOutcome failed(AttemptRequest request, AttemptError error, int streamed, Instant started,
                                  Long timeToFirstToken) {
        return new AttemptOutcome(AttemptOutcome.VERSION, request.attemptId(), request.correlationId(),
                request.attempt(), request.provider(), request.model(), false, null, error, streamed,
                elapsedMs(started), timeToFirstToken, workerId, clock.instant());
    }

    private boolean alreadyDone(AttemptRequest request) {
        try {
            return once.seen(DONE_SCOPE, request.attemptId());
        } catch (RuntimeException e) {
            log.warn("Attempt {}: could not read its done marker ({}); running it", request.attemptId(),
                    e.toString());
            return false;
        }
    }

    private void markDone(AttemptRequest request) {
        try {
            once.first(DONE_SCOPE, request.attemptId(), doneTtl);
        } catch (RuntimeException e) {
            // the outcome is out and the router ignores a repeated attempt id; a redelivery would only repeat work
            log.warn("Attempt {}: outcome published but the done marker was not written ({})", request.attemptId(),
                    e.toString());
        }
    }

    private long elapsedMs(Instant started) {
        return Math.max(0, Duration.between(started, clock.instant()).toMillis());
    }
}
