package dev.llmpool.gateway.api;

import dev.llmpool.core.cache.CacheKeys;
import dev.llmpool.core.cache.CachePolicy;
import dev.llmpool.core.cache.ResultCache;
import dev.llmpool.core.redis.EventTail;
import dev.llmpool.core.redis.RedisFailures;
import dev.llmpool.core.redis.StreamEntry;
import dev.llmpool.core.tracing.Traces;
import dev.llmpool.gateway.error.ApiException;
import dev.llmpool.gateway.jobs.Deadlines;
import dev.llmpool.gateway.jobs.JobEnding;
import dev.llmpool.gateway.jobs.JobFollowers;
import dev.llmpool.gateway.jobs.JobSubmitter;
import dev.llmpool.gateway.jobs.JobWaiter;
import dev.llmpool.gateway.openai.ChunkTranslator;
import dev.llmpool.gateway.tenancy.Admission;
import dev.llmpool.gateway.tenancy.Caller;
import dev.llmpool.gateway.tenancy.Tenancy;
import dev.llmpool.schemas.envelope.Api;
import dev.llmpool.schemas.envelope.CacheControl;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.envelope.Priority;
import dev.llmpool.schemas.envelope.StreamEvent;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.ChatCompletionChunk;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a request that came through another API (Anthropic Messages, OpenAI Responses) and was translated to a chat
 * request, as one job of the pool, the way {@code /v1/chat/completions} runs its own: the exact-match cache first
 * (shared with chat requests asking the same), else the job created, followed and published with its API named in
 * the envelope; then the completion, or the stream of chat chunks ({@link ChunkTranslator}, usage included) that the
 * API's own {@link Shaped} stream turns into its events, with keep-alives while idle. A failure before anything was
 * written is thrown (the client gets the HTTP error in its API's shape); after that the shaped stream reports it.
 */
public class TranslatedChats {

    private static final Logger log = LoggerFactory.getLogger(TranslatedChats.class);

    /**
     * One translated request.
     *
     * @param id       the job's correlation id
     * @param caller   who asks: the job is its tenant's, admitted against its key's limits and budgets
     * @param deadline when the job fails with {@code deadline_exceeded}
     */
    public record Ask(String id, Caller caller, Api api, ChatRequestValidator.ValidChat chat, CacheControl cache, Instant now,
                      Instant deadline, String traceparent) {
    }

    /**
     * What answered: the completion, and for the response headers the catalog model and provider that gave it, how
     * many attempts it took, and whether it came from the cache.
     */
    public record Answer(ChatCompletion completion, String model, String provider, int attempts, boolean cached) {
    }

    /** An API's stream, written from chat chunks. */
    public interface Shaped {
        /** Writes the API's events for these chunks. */
        void chunks(List<ChatCompletionChunk> chunks) throws IOException;

        /** Keeps an idle stream open. */
        void keepAlive() throws IOException;

        /** Reports a failure in the stream, once it is open. */
        void failed(ApiException error) throws IOException;

        /** True once the status and headers were sent (a failure can then only be reported in the stream). */
        boolean opened();
    }

    private final ResultCache cache;
    private final CacheKeys cacheKeys;
    private final JobSubmitter submitter;
    private final JobWaiter waiter;
    private final JobFollowers followers;
    private final Admission admission;
    private final Traces traces;
    private final Clock clock;
    private final Duration keepalive;
    private final Duration defaultTimeout;
    private final Duration maxTimeout;

    /**
     * @param defaultTimeout a job's time when the client names none ({@code x-llmpool-timeout})
     * @param maxTimeout     the most a client may name
     */
    public TranslatedChats(ResultCache cache, CacheKeys cacheKeys, JobSubmitter submitter, JobWaiter waiter,
                           JobFollowers followers, Admission admission, Traces traces, Clock clock,
                           Duration keepalive, Duration defaultTimeout, Duration maxTimeout) {
        this.defaultTimeout = defaultTimeout;
        this.maxTimeout = maxTimeout;
        this.admission = admission;
        this.traces = traces;
        this.cache = cache;
        this.cacheKeys = cacheKeys;
        this.submitter = submitter;
        this.waiter = waiter;
        this.followers = followers;
        this.clock = clock;
        this.keepalive = keepalive;
    }

    /**
     * The ask of {@code request}'s chat: its cache control, deadline ({@code x-llmpool-timeout} within the gateway's
     * bounds) and trace parent read from the request's headers.
     */
    public Ask ask(String id, Caller caller, Api api, ChatRequestValidator.ValidChat chat, HttpServletRequest request,
                   Instant now) {
        return new Ask(id, caller, api, chat,
                ClientHeaders.cacheControl(request.getHeader(ClientHeaders.CACHE_CONTROL)), now, Deadlines.deadline(now, ClientHeaders.timeout(request.getHeader(ClientHeaders.TIMEOUT)),
                defaultTimeout, maxTimeout), ClientHeaders.traceparent(request.getHeader(ClientHeaders.TRACEPARENT)));
    }

    /** Answers from the cache or the pool; headers {@code x-llmpool-*} are set on {@code response}. */
    public Answer complete(Ask ask, HttpServletResponse response) {
        JobRequest job = job(ask);
        Admission.Ticket admitted = admission.admit(ask.caller(), job, ask.chat(), response);
        response.setHeader(ClientHeaders.JOB_ID, ask.id());
        Optional<ChatCompletion> hit = cached(ask);
        if (hit.isPresent()) {
            admitted.release();
            return answered(new Answer(hit.get(), hit.get().model() != null ? hit.get().model() : ask.chat().name(),
                    ask.chat().provider(), 0, true), response);
        }
        response.setHeader(ClientHeaders.CACHE, "miss");
        try (JobFollowers.Follow follow = followers.follow(ask.id());
             EventTail tail = Tenancy.submit(submitter, admitted, job, traces.current(ask.traceparent()), true)
                     .tail()) {
            return switch (waiter.await(tail, ask.deadline())) {
                case JobEnding.Completed completed -> answered(of(ask, completed.result()), response);
                case JobEnding.Failed failed -> throw ApiException.jobFailed(failed.error());
                case JobEnding.TimedOut timedOut -> throw ApiException.deadlineExceeded(ask.id(), ask.deadline());
            };
        }
    }

    /** Streams the answer through {@code shaped}; returns the outcome for the request metrics. */
    public String stream(Ask ask, HttpServletResponse response, Shaped shaped) throws IOException {
        JobRequest job = job(ask);
        Admission.Ticket admitted = admission.admit(ask.caller(), job, ask.chat(), response);
        response.setHeader(ClientHeaders.JOB_ID, ask.id());
        response.setHeader(ClientHeaders.MODEL, ask.chat().name());
        long created = ask.now().getEpochSecond();
        Optional<ChatCompletion> hit = cached(ask);
        if (hit.isPresent()) {
            admitted.release();
            response.setHeader(ClientHeaders.CACHE, "hit");
            String model = hit.get().model() != null ? hit.get().model() : ask.chat().name();
            shaped.chunks(ChunkTranslator.replay(hit.get(), ask.id(), created, model, true));
            return RequestTags.SUCCESS;
        }
        response.setHeader(ClientHeaders.CACHE, "miss");
        ChunkTranslator translator = new ChunkTranslator(ask.id(), created, ask.chat().name(), true);
        try (JobFollowers.Follow follow = followers.follow(ask.id());
             EventTail tail = Tenancy.submit(submitter, admitted, job, traces.current(ask.traceparent()), true)
                     .tail()) {
            return follow(tail, ask, translator, shaped);
        }
    }

    private String follow(EventTail tail, Ask ask, ChunkTranslator translator, Shaped shaped) throws IOException {
        Instant lastWrite = clock.instant();
        try {
            while (true) {
                Instant now = clock.instant();
                if (!now.isBefore(ask.deadline())) {
                    fail(shaped, ApiException.deadlineExceeded(ask.id(), ask.deadline()));
                    return RequestTags.TIMEOUT;
                }
                Duration idle = Duration.between(lastWrite, now);
                if (idle.compareTo(keepalive) >= 0) {
                    shaped.keepAlive();
                    lastWrite = now;
                    continue;
                }
                Duration untilDeadline = Duration.between(now, ask.deadline());
                Duration untilKeepalive = keepalive.minus(idle);
                StreamEntry entry = tail.poll(untilKeepalive.compareTo(untilDeadline) < 0 ? untilKeepalive
                        : untilDeadline);
                if (entry == null) {
                    continue;
                }
                StreamEvent event = entry.event();
                if (event.type() == StreamEvent.Type.FAILED) {
                    fail(shaped, ApiException.jobFailed(JobWaiter.failure(event)));
                    return RequestTags.FAILED;
                }
                List<ChatCompletionChunk> chunks = translator.onEvent(event);
                if (!chunks.isEmpty()) {
                    shaped.chunks(chunks);
                    lastWrite = clock.instant();
                }
                if (event.type() == StreamEvent.Type.COMPLETED) {
                    return RequestTags.SUCCESS;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(shaped, ApiException.internal("The gateway was interrupted while streaming the job."));
            return "server_error";
        }
    }

    private static void fail(Shaped shaped, ApiException error) throws IOException {
        if (!shaped.opened()) {
            throw error;
        }
        shaped.failed(error);
    }

    private JobRequest job(Ask ask) {
        return JobRequest.builder().correlationId(ask.id()).tenant(ask.caller().tenant()).createdAt(ask.now())
                .deadline(ask.deadline()).priority(Priority.INTERACTIVE).api(ask.api()).body(ask.chat().body())
                .cache(ask.cache()).streamTokens(ask.chat().body().streaming())
                .metadata(Tenancy.metadata(Map.of(), ask.caller())).build();
    }

    private Optional<ChatCompletion> cached(Ask ask) {
        if (!CachePolicy.mayRead(ask.cache(), ask.chat().body())) {
            return Optional.empty();
        }
        try {
            return cache.get(cacheKeys.key(ask.chat().body(), ask.chat().name(), ask.caller().tenant()));
        } catch (RuntimeException e) {
            if (RedisFailures.unavailable(e)) {
                throw e;
            }
            log.warn("Cache read failed, answering through the pool: {}", e.toString());
            return Optional.empty();
        }
    }

    private static Answer of(Ask ask, JobResult result) {
        ChatCompletion completion = result.response();
        if (completion == null) {
            throw ApiException.internal("The job " + ask.id() + " completed without an answer.");
        }
        return new Answer(completion, result.model() != null ? result.model() : completion.model(),
                result.provider(), result.attempts().size(), result.cached());
    }

    private static Answer answered(Answer answer, HttpServletResponse response) {
        response.setHeader(ClientHeaders.CACHE, answer.cached() ? "hit" : "miss");
        if (answer.model() != null) {
            response.setHeader(ClientHeaders.MODEL, answer.model());
        }
        if (answer.provider() != null) {
            response.setHeader(ClientHeaders.PROVIDER, answer.provider());
        }
        response.setHeader(ClientHeaders.ATTEMPTS, Integer.toString(answer.attempts()));
        return answer;
    }
}
