package dev.llmpool.router.machine;

import dev.llmpool.core.catalog.CatalogModel;
import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.core.catalog.Price;
import dev.llmpool.schemas.envelope.AttemptError;
import dev.llmpool.schemas.envelope.AttemptOutcome;
import dev.llmpool.schemas.envelope.CacheControl;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.envelope.Priority;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import dev.llmpool.schemas.openai.ChatMessage;
import dev.llmpool.schemas.openai.Usage;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** Test data for the state machine: a catalog built in code, a fixed clock, jobs and outcomes. */
final class Jobs {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC);
    static final Instant NOW = CLOCK.instant();

    /**
     * alpha (p1, 1000 tokens) falls back to beta then gamma; beta (p1, 2000) to delta; gamma (p2, 500) to nothing;
     * delta (p2, 4000) back to alpha. Breadth-first ladder of alpha: beta, gamma, delta.
     */
    static final ModelCatalog CATALOG = new ModelCatalog(List.of(
            new CatalogModel("alpha", "p1", "alpha-2026", List.of("fast"), 1000, new Price(1.0, 2.0),
                    List.of("beta", "gamma")),
            new CatalogModel("beta", "p1", "beta-2026", List.of(), 2000, new Price(0.5, 1.0), List.of("delta")),
            new CatalogModel("gamma", "p2", "gamma-2026", List.of(), 500, Price.FREE, List.of()),
            new CatalogModel("delta", "p2", "delta-2026", List.of(), 4000, Price.FREE, List.of("fast"))));

    private Jobs() {
    }

    static ChatCompletionRequest body(String model, Double temperature) {
        return ChatCompletionRequest.builder().model(model).messages(List.of(ChatMessage.of("user", "Say hello")))
                .temperature(temperature).build();
    }

    /** A sampled (not cacheable) job for {@code model}, created now, no deadline of its own. */
    static JobRequest job(String id, String model) {
        return JobRequest.builder().correlationId(id).tenant("acme").createdAt(NOW).priority(Priority.INTERACTIVE)
                .model(model).body(body(model, 0.7)).metadata(Map.of("team", "search")).build();
    }

    /** A deterministic (temperature 0) job: read from and written to the cache. */
    static JobRequest deterministicJob(String id, String model, CacheControl cache) {
        return JobRequest.builder().correlationId(id).tenant("acme").createdAt(NOW).priority(Priority.INTERACTIVE)
                .model(model).body(body(model, 0.0)).cache(cache).metadata(Map.of()).build();
    }

    static JobRequest withDeadline(JobRequest job, Instant deadline) {
        return JobRequest.builder().schemaVersion(job.schemaVersion()).correlationId(job.correlationId())
                .tenant(job.tenant()).createdAt(job.createdAt()).deadline(deadline).priority(job.priority())
                .model(job.model()).body(job.body()).cache(job.cache()).streamTokens(job.streamTokens())
                .metadata(job.metadata()).build();
    }

    static ChatCompletion completion(String upstreamModel) {
        return new ChatCompletion("chatcmpl-1", ChatCompletion.OBJECT, 1_790_000_000L, upstreamModel,
                List.of(new ChatCompletion.Choice(0, ChatMessage.assistant("Hello!", null, null), null, "stop")),
                Usage.of(1000, 500), null);
    }

    static AttemptOutcome success(String id, int attempt, String model) {
        return AttemptOutcome.builder().attemptId(id + ":" + attempt).correlationId(id).attempt(attempt)
                .provider("p1").model(model).succeeded(true).completion(completion(model + "-up")).latencyMs(120)
                .timeToFirstTokenMs(40L).workerId("worker-1").finishedAt(NOW).build();
    }

    static AttemptOutcome failure(String id, int attempt, String model, ErrorClass error, int streamedChunks) {
        return AttemptOutcome.builder().attemptId(id + ":" + attempt).correlationId(id).attempt(attempt)
                .provider("p1").model(model)
                .error(new AttemptError(error, "upstream said no", 500, null, "server_error"))
                .streamedChunks(streamedChunks).latencyMs(80).workerId("worker-1").finishedAt(NOW).build();
    }
}
