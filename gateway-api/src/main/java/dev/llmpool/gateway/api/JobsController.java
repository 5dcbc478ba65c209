package dev.llmpool.gateway.api;

import dev.llmpool.core.config.PoolProperties;
import dev.llmpool.core.redis.JobStore;
import dev.llmpool.core.redis.JobView;
import dev.llmpool.core.tracing.Traces;
import dev.llmpool.gateway.config.GatewayProperties;
import dev.llmpool.gateway.error.ApiException;
import dev.llmpool.gateway.jobs.Deadlines;
import dev.llmpool.gateway.jobs.JobFollowers;
import dev.llmpool.gateway.jobs.JobIds;
import dev.llmpool.gateway.jobs.JobObject;
import dev.llmpool.gateway.jobs.JobSubmitter;
import dev.llmpool.gateway.jobs.Submission;
import dev.llmpool.gateway.tenancy.Admission;
import dev.llmpool.gateway.tenancy.Caller;
import dev.llmpool.gateway.tenancy.Tenancy;
import dev.llmpool.schemas.envelope.Api;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.json.JsonCodec;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The async job API: {@code POST /v1/jobs} (202 at once), {@code GET /v1/jobs/{id}} (status and, once terminal,
 * the result) and {@code GET /v1/jobs/{id}/events} (the job's events as resumable SSE).
 */
@RestController
public class JobsController {

    private static final Logger log = LoggerFactory.getLogger(JobsController.class);

    private final ChatRequestValidator validator;
    private final JobCreateParser parser;
    private final JobSubmitter submitter;
    private final JobStore store;
    private final JobEventsResponder events;
    private final JobFollowers followers;
    private final JsonCodec codec;
    private final ResultShapes shapes;
    private final Clock clock;
    private final Duration defaultTimeout;
    private final Duration maxTimeout;
    private final Admission admission;
    private final Traces traces;

    public JobsController(ChatRequestValidator validator, JobSubmitter submitter, JobStore store,
                          JobEventsResponder events, JobFollowers followers, JsonCodec codec, Clock clock,
                          PoolProperties pool, GatewayProperties gateway, Admission admission, Traces traces) {
        this.admission = admission;
        this.traces = traces;
        this.validator = validator;
        this.parser = new JobCreateParser(validator);
        this.submitter = submitter;
        this.store = store;
        this.events = events;
        this.followers = followers;
        this.codec = codec;
        this.shapes = new ResultShapes(codec);
        this.clock = clock;
        this.defaultTimeout = pool.jobs().defaultTimeout();
        this.maxTimeout = gateway.maxTimeout();
    }

    @PostMapping(path = "/v1/jobs", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/*+json"})
    public ResponseEntity<byte[]> create(@RequestBody byte[] raw, HttpServletRequest request,
                                         HttpServletResponse response) {
        RequestTags.endpoint(request, "jobs.create");
        JobCreateParser.JobCreate create = parser.parse(validator.parseObject(raw));
        Caller caller = Caller.of(request);
        String id = caller.jobId(request.getHeader(ClientHeaders.JOB_ID),
                request.getHeader(ClientHeaders.IDEMPOTENCY_KEY), JobIds::newJobId);
        Instant now = clock.instant();
        Instant deadline = Deadlines.deadline(now, create.timeout(), defaultTimeout, maxTimeout);
        JobRequest job = JobRequest.builder().correlationId(id).tenant(caller.tenant()).createdAt(now)
                .deadline(deadline).priority(create.priority()).model(create.model()).body(create.chat().body())
                .cache(create.cache()).streamTokens(create.streamTokens())
                .metadata(Tenancy.metadata(create.metadata(), caller)).build();
        Admission.Ticket admitted = admission.admit(caller, job, create.chat(), response);
        Submission submission = Tenancy.submit(submitter, admitted, job,
                traces.current(ClientHeaders.traceparent(request.getHeader(ClientHeaders.TRACEPARENT))), false);
        JobObject body = submission.created()
                ? new JobObject(id, JobObject.OBJECT, JobStatus.QUEUED, now.getEpochSecond(), now.getEpochSecond(),
                        null, JobObject.Links.of(id))
                : store.find(id).map(this::object).orElseThrow(() -> ApiException.jobNotFound(id));
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create(body.links().self()))
                .header(ClientHeaders.JOB_ID, id).contentType(MediaType.APPLICATION_JSON)
                .body(codec.toBytes(body));
    }

    @GetMapping("/v1/jobs/{id}")
    public ResponseEntity<byte[]> get(@PathVariable("id") String id, HttpServletRequest request) {
        RequestTags.endpoint(request, "jobs.get");
        JobView view = find(id, request).orElseThrow(() -> ApiException.jobNotFound(id));
        return ResponseEntity.ok().header(ClientHeaders.JOB_ID, view.correlationId())
                .contentType(MediaType.APPLICATION_JSON).body(codec.toBytes(object(view)));
    }

    @GetMapping("/v1/jobs/{id}/events")
    public void events(@PathVariable("id") String id,
                       @RequestHeader(name = "Last-Event-ID", required = false) String lastEventHeader,
                       @RequestParam(name = "last_event_id", required = false) String lastEventParam,
                       HttpServletRequest request, HttpServletResponse response) {
        RequestTags.endpoint(request, "jobs.events");
        String lastEventId = lastEventHeader != null && !lastEventHeader.isBlank() ? lastEventHeader.strip()
                : lastEventParam != null && !lastEventParam.isBlank() ? lastEventParam.strip() : null;
        String job = find(id, request).map(JobView::correlationId).orElseThrow(() -> ApiException.jobNotFound(id));
        try (JobFollowers.Follow follow = followers.follow(job)) {
            response.setHeader(ClientHeaders.JOB_ID, job);
            RequestTags.outcome(request, events.stream(job, lastEventId, new SseWriter(response)));
        } catch (IOException e) {
            RequestTags.outcome(request, RequestTags.CLIENT_CLOSED);
            log.debug("Client left the events of {}: {}", job, e.toString());
        }
    }

    /** The job {@code id} names, if the caller may see it (another tenant's job is not found: 404, never 403). */
    private java.util.Optional<JobView> find(String id, HttpServletRequest request) {
        return Tenancy.findJob(store, codec, Caller.of(request), id);
    }

    private JobObject object(JobView view) {
        JsonNode result = view.resultJson() == null ? null : codec.readTree(view.resultJson());
        return JobObject.of(view, shapes.shape(api(view), result));
    }

    /** The API the job came through, from its stored request (chat completions when it cannot say). */
    private Api api(JobView view) {
        if (view.requestJson() == null) {
            return Api.CHAT_COMPLETIONS;
        }
        try {
            return Api.parse(codec.readTree(view.requestJson()).path("api").asString(null));
        } catch (RuntimeException e) {
            return Api.CHAT_COMPLETIONS;
        }
    }
}
