package dev.llmpool.core.finalize;

import dev.llmpool.core.catalog.Price;
import dev.llmpool.schemas.envelope.AttemptOutcome;
import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.envelope.AttemptSummary;
import dev.llmpool.schemas.envelope.FinalizeOnSuccess;
import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.Usage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The router's decision carried on an attempt ({@link AttemptRequest#finalizeOnSuccess()}), as the worker carries it
 * out: which outcomes end the job, and the result, cache entry and outcome that go with it, built as the router builds
 * them for a pinned job's success. Pure.
 */
public final class CarriedDecision {

    private CarriedDecision() {
    }

    /**
     * Whether the worker that got {@code outcome} ends the job: the attempt carries the decision and succeeded with a
     * completion that is not an unstreamed refusal ({@link Refusals}: the router may yet try another provider for it).
     * Every other outcome goes back to the router to decide.
     */
    public static boolean finalizes(AttemptRequest request, AttemptOutcome outcome) {
        return request.finalizeOnSuccess() != null && request.body() != null && outcome.succeeded()
                && outcome.completion() != null && Refusals.asFailure(outcome).isEmpty();
    }

    /** This attempt's line of the result, priced at the carried rates. */
    public static AttemptSummary summary(AttemptRequest request, AttemptOutcome outcome) {
        FinalizeOnSuccess decision = request.finalizeOnSuccess();
        Usage usage = outcome.answerUsage();
        Double cost = usage == null ? null
                : new Price(decision.inputUsdPerMtok(), decision.outputUsdPerMtok()).cost(usage);
        return new AttemptSummary(request.attemptId(), request.attempt(), request.provider(), request.model(), true,
                null, null, outcome.latencyMs(), usage, cost);
    }

    /** The job's result with {@code outcome}'s answer, completed {@code now}. */
    public static JobResult result(AttemptRequest request, AttemptOutcome outcome, Instant now) {
        FinalizeOnSuccess decision = request.finalizeOnSuccess();
        List<AttemptSummary> attempts = new ArrayList<>(decision.earlierAttempts());
        attempts.add(summary(request, outcome));
        return JobResult.builder().correlationId(request.correlationId()).status(JobStatus.COMPLETED)
                .model(request.model()).provider(request.provider())
                .response(withModel(outcome.completion(), request.model())).cached(false).attempts(attempts)
                .createdAt(request.createdAt()).completedAt(now).metadata(decision.metadata())
                .tenant(JobResult.tenantField(request.tenant()))
                .build();
    }

    /** The cache entry the result's answer is written to, when the router named one. */
    public static List<JobFinalizer.CacheWrite> cacheWrites(AttemptRequest request, JobResult result) {
        FinalizeOnSuccess decision = request.finalizeOnSuccess();
        if (decision.cacheKey() == null || decision.cacheTtlSeconds() == null) {
            return List.of();
        }
        return List.of(new JobFinalizer.CacheWrite(decision.cacheKey(), result.response(), null,
                Duration.ofSeconds(decision.cacheTtlSeconds())));
    }

    /**
     * The outcome of a finalizing attempt rebuilt from the job's stored result, when that result is this attempt's
     * answer (a worker stopped after finalizing the job and before publishing the outcome): what the router still
     * needs to record. Empty when the result is another's.
     */
    public static Optional<AttemptOutcome> recovered(AttemptRequest request, JobResult stored, String workerId) {
        if (stored == null || stored.status() != JobStatus.COMPLETED || stored.response() == null
                || stored.attempts().isEmpty()) {
            return Optional.empty();
        }
        AttemptSummary last = stored.attempts().getLast();
        if (!last.succeeded() || !request.attemptId().equals(last.attemptId())) {
            return Optional.empty();
        }
        return Optional.of(AttemptOutcome.of(request).succeeded(true).completion(stored.response())
                .latencyMs(last.latencyMs()).workerId(workerId).finishedAt(stored.completedAt()).finalized(true)
                .build());
    }

    /** The answer as the result reports it: named by the catalog model that gave it. */
    public static ChatCompletion withModel(ChatCompletion completion, String model) {
        return new ChatCompletion(completion.id(), completion.object(), completion.created(), model,
                completion.choices(), completion.usage(), completion.systemFingerprint());
    }
}
