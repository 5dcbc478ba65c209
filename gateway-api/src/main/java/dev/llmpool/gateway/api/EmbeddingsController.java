package dev.llmpool.gateway.api;

import dev.llmpool.core.cache.CacheKeys;
import dev.llmpool.core.cache.CachePolicy;
import dev.llmpool.core.cache.ResultCache;
import dev.llmpool.core.config.PoolProperties;
import dev.llmpool.core.redis.EventTail;
import dev.llmpool.core.redis.RedisFailures;
import dev.llmpool.core.tracing.Traces;
import dev.llmpool.gateway.config.GatewayProperties;
import dev.llmpool.gateway.error.ApiException;
import dev.llmpool.gateway.jobs.Deadlines;
import dev.llmpool.gateway.jobs.JobEnding;
import dev.llmpool.gateway.jobs.JobFollowers;
import dev.llmpool.gateway.jobs.JobIds;
import dev.llmpool.gateway.jobs.JobSubmitter;
import dev.llmpool.gateway.jobs.JobWaiter;
import dev.llmpool.schemas.openai.EmbeddingsAnswer;
import dev.llmpool.gateway.tenancy.Admission;
import dev.llmpool.gateway.tenancy.Caller;
import dev.llmpool.gateway.tenancy.Tenancy;
import dev.llmpool.schemas.envelope.Api;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.envelope.Priority;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.openai.EmbeddingsResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/embeddings}, OpenAI-compatible: checked ({@link EmbeddingsRequestValidator}), answered from the exact
 * cache when it holds the same request (embeddings are deterministic, so always unless bypassed or refreshed), else
 * run as an embeddings job of the pool (router, the provider's workers, retries, dead letters) and answered with its
 * vectors ({@link EmbeddingsAnswer}, floats or base64 as asked).
 */
@RestController
public class EmbeddingsController {

    private static final Logger log = LoggerFactory.getLogger(EmbeddingsController.class);
    static final String ID_PREFIX = "emb-";

    private final EmbeddingsRequestValidator validator;
    private final ChatRequestValidator parser;
    private final EmbeddingsAnswer answers;
    private final CacheKeys cacheKeys;
    private final ResultCache cache;
    private final JobSubmitter submitter;
    private final JobWaiter waiter;
    private final JobFollowers followers;
    private final Clock clock;
    private final Duration defaultTimeout;
    private final Duration maxTimeout;
    private final JsonCodec codec;
    private final Admission admission;
    private final Traces traces;

    public EmbeddingsController(EmbeddingsRequestValidator validator, ChatRequestValidator parser,
                                CacheKeys cacheKeys, ResultCache cache, JobSubmitter submitter, JobWaiter waiter,
                                JobFollowers followers, Admission admission, Traces traces,
                                JsonCodec codec, Clock clock, PoolProperties pool, GatewayProperties gateway) {
        this.admission = admission;
        this.traces = traces;
        this.validator = validator;
        this.parser = parser;
        this.answers = new EmbeddingsAnswer(codec);
        this.cacheKeys = cacheKeys;
        this.cache = cache;
        this.submitter = submitter;
        this.waiter = waiter;
        this.followers = followers;
        this.codec = codec;
        this.clock = clock;
        this.defaultTimeout = pool.jobs().defaultTimeout();
        this.maxTimeout = gateway.maxTimeout();
    }

    @PostMapping(path = "/v1/embeddings", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/*+json"})
    public ResponseEntity<byte[]> create(@RequestBody byte[] raw, HttpServletRequest request,
                                         HttpServletResponse response) {
        RequestTags.endpoint(request, "embeddings");
        EmbeddingsRequestValidator.ValidEmbeddings valid = validator.validate(parser.parseObject(raw));
        Instant now = clock.instant();
        Caller caller = Caller.of(request);
        String id = caller.jobId(request.getHeader(ClientHeaders.JOB_ID),
                request.getHeader(ClientHeaders.IDEMPOTENCY_KEY), () -> JobIds.newId(ID_PREFIX));
        Instant deadline = Deadlines.deadline(now, ClientHeaders.timeout(request.getHeader(ClientHeaders.TIMEOUT)),
                defaultTimeout, maxTimeout);
        JobRequest job = JobRequest.builder().correlationId(id).tenant(caller.tenant()).createdAt(now)
                .deadline(deadline)
                .priority(Priority.INTERACTIVE).api(Api.EMBEDDINGS).embeddings(valid.request())
                .cache(ClientHeaders.cacheControl(request.getHeader(ClientHeaders.CACHE_CONTROL)))
                .streamTokens(false).metadata(Tenancy.metadata(Map.of(), caller)).build();
        Admission.Ticket admitted = admission.admitEmbeddings(caller, job, valid.model(), valid.request(), response);
        response.setHeader(ClientHeaders.JOB_ID, id);
        Optional<EmbeddingsResponse> hit = cached(job, valid);
        if (hit.isPresent()) {
            admitted.release();
            RequestTags.cache(request, "hit");
            return answer(response, hit.get(), valid.model().id(), valid.model().provider(), 0, true, valid);
        }
        RequestTags.cache(request, "miss");
        try (JobFollowers.Follow follow = followers.follow(id);
             EventTail tail = Tenancy.submit(submitter, admitted, job, traces.current(ClientHeaders.traceparent(
                     request.getHeader(ClientHeaders.TRACEPARENT))), true).tail()) {
            return switch (waiter.await(tail, deadline)) {
                case JobEnding.Completed completed -> answer(response, completed.result(), valid);
                case JobEnding.Failed failed -> throw ApiException.jobFailed(failed.error());
                case JobEnding.TimedOut timedOut -> throw ApiException.deadlineExceeded(id, deadline);
            };
        }
    }

    private Optional<EmbeddingsResponse> cached(JobRequest job, EmbeddingsRequestValidator.ValidEmbeddings valid) {
        if (!CachePolicy.mayRead(job)) {
            return Optional.empty();
        }
        try {
            return cache.getEmbeddings(cacheKeys.key(job.embeddings(), valid.model().id(), job.tenant()));
        } catch (RuntimeException e) {
            if (RedisFailures.unavailable(e)) {
                throw e;
            }
            log.warn("Cache read failed, answering through the pool: {}", e.toString());
            return Optional.empty();
        }
    }

    private ResponseEntity<byte[]> answer(HttpServletResponse response, JobResult result,
                                          EmbeddingsRequestValidator.ValidEmbeddings valid) {
        if (result.embeddings() == null) {
            throw ApiException.internal("The job " + result.correlationId() + " completed without embeddings.");
        }
        return answer(response, result.embeddings(), result.model() != null ? result.model() : valid.model().id(),
                result.provider(), result.attempts().size(), result.cached(), valid);
    }

    private ResponseEntity<byte[]> answer(HttpServletResponse response, EmbeddingsResponse embeddings, String model,
                                          String provider, int attempts, boolean cached,
                                          EmbeddingsRequestValidator.ValidEmbeddings valid) {
        response.setHeader(ClientHeaders.CACHE, cached ? "hit" : "miss");
        response.setHeader(ClientHeaders.MODEL, model);
        if (provider != null) {
            response.setHeader(ClientHeaders.PROVIDER, provider);
        }
        response.setHeader(ClientHeaders.ATTEMPTS, Integer.toString(attempts));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .body(codec.toBytes(answers.body(embeddings, model, valid.base64())));
    }
}
