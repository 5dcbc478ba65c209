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
import dev.llmpool.gateway.openai.ChunkTranslator;
import dev.llmpool.gateway.tenancy.Admission;
import dev.llmpool.gateway.tenancy.Caller;
import dev.llmpool.gateway.tenancy.Tenancy;
import dev.llmpool.schemas.envelope.CacheControl;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.envelope.Priority;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/chat/completions}, OpenAI-compatible: validate, answer from the exact-match cache when allowed,
 * else create the job, follow its events, publish it, and answer with the completion (or stream chunks) from Redis.
 */
@RestController
public class ChatCompletionsController {

    private static final Logger log = LoggerFactory.getLogger(ChatCompletionsController.class);
    static final String ENDPOINT = "chat.completions";

    private final ChatRequestValidator validator;
    private final CacheKeys cacheKeys;
    private final ResultCache cache;
    private final JobSubmitter submitter;
    private final JobWaiter waiter;
    private final ChatStreamResponder streamer;
    private final JobFollowers followers;
    private final JsonCodec codec;
    private final Clock clock;
    private final Duration defaultTimeout;
    private final Duration maxTimeout;
    private final Admission admission;
    private final Traces traces;

    public ChatCompletionsController(ChatRequestValidator validator, CacheKeys cacheKeys, ResultCache cache,
                                     JobSubmitter submitter, JobWaiter waiter, ChatStreamResponder streamer,
                                     JobFollowers followers, JsonCodec codec, Clock clock, PoolProperties pool,
                                     GatewayProperties gateway, Admission admission, Traces traces) {
        this.admission = admission;
        this.traces = traces;
        this.validator = validator;
        this.cacheKeys = cacheKeys;
        this.cache = cache;
        this.submitter = submitter;
        this.waiter = waiter;
        this.streamer = streamer;
        this.followers = followers;
        this.codec = codec;
        this.clock = clock;
        this.defaultTimeout = pool.jobs().defaultTimeout();
        this.maxTimeout = gateway.maxTimeout();
    }

    @PostMapping(path = "/v1/chat/completions", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/*+json"})
    public ResponseEntity<byte[]> create(@RequestBody byte[] raw, HttpServletRequest request,
                                         HttpServletResponse response) throws IOException {
        RequestTags.endpoint(request, ENDPOINT);
        ChatRequestValidator.ValidChat chat = validator.validate(validator.parseObject(raw), "", null);
        ChatCompletionRequest body = chat.body();
        CacheControl cacheControl = ClientHeaders.cacheControl(request.getHeader(ClientHeaders.CACHE_CONTROL));
        Duration timeout = ClientHeaders.timeout(request.getHeader(ClientHeaders.TIMEOUT));
        Instant now = clock.instant();
        Caller caller = Caller.of(request);
        String id = caller.jobId(request.getHeader(ClientHeaders.JOB_ID),
                request.getHeader(ClientHeaders.IDEMPOTENCY_KEY), JobIds::newChatId);
        Instant deadline = Deadlines.deadline(now, timeout, defaultTimeout, maxTimeout);
        JobRequest job = JobRequest.builder().correlationId(id).tenant(caller.tenant()).createdAt(now)
                .deadline(deadline).priority(Priority.INTERACTIVE).body(body).cache(cacheControl)
                .streamTokens(body.streaming()).metadata(Tenancy.metadata(Map.of(), caller)).build();
        Admission.Ticket admitted = admission.admit(caller, job, chat, response);

        Optional<ChatCompletion> hit = cachedAnswer(chat, cacheControl, caller.tenant());
        if (hit.isPresent()) {
            admitted.release();
            RequestTags.cache(request, "hit");
            return answerFromCache(id, hit.get(), chat, now, request, response);
        }

        RequestTags.cache(request, "miss");
        response.setHeader(ClientHeaders.JOB_ID, id);
        response.setHeader(ClientHeaders.CACHE, "miss");
        try (JobFollowers.Follow follow = followers.follow(id);
             EventTail tail = Tenancy.submit(submitter, admitted, job, traces.current(ClientHeaders.traceparent(
                     request.getHeader(ClientHeaders.TRACEPARENT))), true).tail()) {
            if (body.streaming()) {
                response.setHeader(ClientHeaders.MODEL, chat.name());
                ChunkTranslator translator = new ChunkTranslator(id, now.getEpochSecond(), chat.name(),
                        body.includeUsage());
                SseWriter sse = new SseWriter(response);
                try {
                    RequestTags.outcome(request, streamer.stream(tail, id, deadline, translator, body.includeUsage(),
                            sse));
                } catch (IOException e) {
                    clientGone(request, id, e);
                }
                return null;
            }
            return switch (waiter.await(tail, deadline)) {
                case JobEnding.Completed completed -> answer(id, completed.result(), response);
                case JobEnding.Failed failed -> throw ApiException.jobFailed(failed.error());
                case JobEnding.TimedOut timedOut -> throw ApiException.deadlineExceeded(id, deadline);
            };
        }
    }

    private Optional<ChatCompletion> cachedAnswer(ChatRequestValidator.ValidChat chat, CacheControl control,
                                                  String tenant) {
        if (!CachePolicy.mayRead(control, chat.body())) {
            return Optional.empty();
        }
        try {
            return cache.get(cacheKeys.key(chat.body(), chat.name(), tenant));
        } catch (RuntimeException e) {
            if (RedisFailures.unavailable(e)) {
                throw e; // the pool cannot take the job either
            }
            log.warn("Cache read failed, answering through the pool: {}", e.toString());
            return Optional.empty();
        }
    }

    /** A cache hit creates no job: the answer gets the request's id but there is no job record behind it. */
    private ResponseEntity<byte[]> answerFromCache(String id, ChatCompletion cached,
                                                   ChatRequestValidator.ValidChat chat, Instant now,
                                                   HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String model = cached.model() == null ? chat.name() : cached.model();
        response.setHeader(ClientHeaders.CACHE, "hit");
        response.setHeader(ClientHeaders.MODEL, model);
        if (chat.provider() != null) {
            response.setHeader(ClientHeaders.PROVIDER, chat.provider());
        }
        response.setHeader(ClientHeaders.ATTEMPTS, "0");
        if (chat.body().streaming()) {
            try {
                streamer.replay(ChunkTranslator.replay(cached, id, now.getEpochSecond(), model,
                        chat.body().includeUsage()), chat.body().includeUsage(), new SseWriter(response));
                RequestTags.outcome(request, RequestTags.SUCCESS);
            } catch (IOException e) {
                clientGone(request, id, e);
            }
            return null;
        }
        ChatCompletion answer = new ChatCompletion(id, ChatCompletion.OBJECT, now.getEpochSecond(), model,
                cached.choices(), cached.usage(), cached.systemFingerprint());
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(codec.toBytes(answer));
    }

    private ResponseEntity<byte[]> answer(String id, JobResult result, HttpServletResponse response) {
        ChatCompletion completion = result.response();
        if (completion == null) {
            throw ApiException.internal("The job " + id + " completed without an answer.");
        }
        if (result.cached()) {
            response.setHeader(ClientHeaders.CACHE, "hit");
        }
        HttpHeaders headers = new HttpHeaders();
        putIfPresent(headers, ClientHeaders.MODEL, result.model() != null ? result.model() : completion.model());
        putIfPresent(headers, ClientHeaders.PROVIDER, result.provider());
        headers.set(ClientHeaders.ATTEMPTS, Integer.toString(result.attempts().size()));
        if (result.routing() != null && result.routing().hasNonNull("summary")) {
            headers.set(ClientHeaders.ROUTE, result.routing().get("summary").asString());
        }
        ChatCompletion answer = new ChatCompletion(id, ChatCompletion.OBJECT,
                completion.created() > 0 ? completion.created() : clock.instant().getEpochSecond(),
                completion.model() != null ? completion.model() : result.model(), completion.choices(),
                completion.usage(), completion.systemFingerprint());
        return ResponseEntity.ok().headers(headers).contentType(MediaType.APPLICATION_JSON)
                .body(codec.toBytes(answer));
    }

    private static void putIfPresent(HttpHeaders headers, String name, String value) {
        if (value != null) {
            headers.set(name, value);
        }
    }

    private static void clientGone(HttpServletRequest request, String id, IOException e) {
        RequestTags.outcome(request, RequestTags.CLIENT_CLOSED);
        log.debug("Client left the stream of {}: {}", id, e.toString());
    }
}
