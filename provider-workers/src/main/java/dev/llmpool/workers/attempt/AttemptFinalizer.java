package dev.llmpool.workers.attempt;

import dev.llmpool.core.finalize.CarriedDecision;
import dev.llmpool.core.finalize.JobFinalizer;
import dev.llmpool.core.redis.JobStore;
import dev.llmpool.core.redis.JobView;
import dev.llmpool.core.redis.RedisScript;
import dev.llmpool.schemas.envelope.AttemptOutcome;
import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.envelope.StreamEvent;
import dev.llmpool.schemas.json.JsonCodec;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the router's decision an attempt carries ({@link CarriedDecision}): a successful, non-refusal answer
 * ends the job here, through the same gate the router uses ({@link JobFinalizer}: cache, result stored at most once
 * with its {@code completed} event, then {@code llm.results}), and the outcome goes on to the router marked
 * {@code finalized}. Everything else goes back to the router unchanged.
 */
public class AttemptFinalizer {

    private static final Logger log = LoggerFactory.getLogger(AttemptFinalizer.class);

    private final JobFinalizer gate;
    private final JobStore jobs;
    private final JsonCodec codec;
    private final Clock clock;
    private final String workerId;

    public AttemptFinalizer(JobFinalizer gate, JobStore jobs, JsonCodec codec, Clock clock, String workerId) {
        this.gate = gate;
        this.jobs = jobs;
        this.codec = codec;
        this.clock = clock;
        this.workerId = workerId;
    }

    /**
     * Finalizes the job with {@code outcome} when the attempt's decision says so; returns the outcome to publish,
     * {@code finalized} when this call stored the result. A result Redis could not store leaves the job to the router
     * (the outcome goes back unmarked); a result stored but not published throws, so the record is delivered again
     * and {@link #recover} publishes it.
     */
    public AttemptOutcome finalizeIfDecided(AttemptRequest request, AttemptOutcome outcome) {
        if (!CarriedDecision.finalizes(request, outcome)) {
            return outcome;
        }
        JobResult result = CarriedDecision.result(request, outcome, clock.instant());
        boolean stored;
        try {
            stored = gate.store(result, CarriedDecision.cacheWrites(request, result),
                    StreamEvent.completed(result, result.completedAt()));
        } catch (RuntimeException e) {
            log.warn("Attempt {}: the job's result was not stored ({}); the router finalizes it",
                    request.attemptId(), e.toString());
            return outcome;
        }
        if (!stored) {
            log.debug("Attempt {}: the job already had a result; its outcome goes to the router", request.attemptId());
            return outcome;
        }
        gate.publish(result);
        return outcome.withFinalized(true);
    }

    /**
     * For a delivery of a finalizing attempt whose job has ended: when the stored result is this attempt's answer (a
     * worker stopped after finalizing and before its outcome was published), publishes the result to
     * {@code llm.results} again (its consumers take a job's result once) and returns the outcome the router still has
     * to record; else empty.
     */
    public Optional<AttemptOutcome> recover(AttemptRequest request) {
        if (request.finalizeOnSuccess() == null) {
            return Optional.empty();
        }
        Optional<String> json = RedisScript.join(jobs.findOutcomeAsync(request.correlationId()))
                .map(JobView::resultJson);
        if (json.isEmpty()) {
            return Optional.empty();
        }
        JobResult stored = codec.fromJson(json.get(), JobResult.class);
        Optional<AttemptOutcome> outcome = CarriedDecision.recovered(request, stored, workerId);
        if (outcome.isPresent()) {
            log.info("Attempt {} had finalized its job; publishing its result and outcome again", request.attemptId());
            gate.publish(stored);
        }
        return outcome;
    }
}
