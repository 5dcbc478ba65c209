package dev.llmpool.gateway.api;

import dev.llmpool.core.redis.EventTail;
import dev.llmpool.core.redis.JobEventStream;
import dev.llmpool.core.redis.JobStore;
import dev.llmpool.core.redis.JobView;
import dev.llmpool.core.redis.RedisFailures;
import dev.llmpool.core.redis.StreamEntry;
import dev.llmpool.core.redis.StreamIds;
import dev.llmpool.gateway.error.ApiException;
import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.envelope.StreamEvent;
import dev.llmpool.schemas.json.JsonCodec;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Serves a job's Redis stream as SSE: {@code id: <stream entry id>}, {@code event: <type>}, {@code data: <event>}.
 * Resuming after a {@code Last-Event-ID} gives exactly the later events (the tail is gap- and duplicate-free); the
 * response ends after the terminal event, or at once when the client already has it; idle time gets keep-alives.
 */
public class JobEventsResponder {

    private final JobEventStream events;
    private final JobStore store;
    private final JsonCodec codec;
    private final Clock clock;
    private final Duration keepalive;

    public JobEventsResponder(JobEventStream events, JobStore store, JsonCodec codec, Clock clock,
                              Duration keepalive) {
        this.events = events;
        this.store = store;
        this.codec = codec;
        this.clock = clock;
        this.keepalive = keepalive;
    }

    /** Streams the job's events after {@code lastEventId} (null = all); returns the outcome for the metrics. */
    String stream(String id, String lastEventId, SseWriter sse) throws IOException {
        if (lastEventId != null && !StreamIds.valid(lastEventId)) {
            throw ApiException.invalidRequest("Invalid Last-Event-ID '" + lastEventId + "': expected an event id "
                    + "this endpoint sent, such as 1700000000000-0.", "Last-Event-ID", "invalid_value");
        }
        String last = lastEventId == null ? StreamIds.START : lastEventId;
        try (EventTail tail = events.tail(id, lastEventId)) {
            sse.open();
            if (lastEventId != null && alreadyOver(id, last, sse)) {
                return RequestTags.SUCCESS;
            }
            while (true) {
                StreamEntry entry = tail.poll(keepalive);
                if (entry == null) {
                    sse.comment("keep-alive");
                    if (alreadyOver(id, last, sse)) {
                        return RequestTags.SUCCESS;
                    }
                    continue;
                }
                StreamEvent event = entry.event();
                sse.event(entry.id(), event.type().json(), codec.toJson(event));
                last = entry.id();
                if (event.type().terminal()) {
                    return RequestTags.SUCCESS;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "server_error";
        }
    }

    /**
     * True when nothing more will come: the record is gone, or the job is over and its terminal event is at or
     * before {@code last} (the client has it). A terminal job whose stream lacks the terminal event gets one made
     * from its record (without an id, as it has no place in the stream).
     */
    private boolean alreadyOver(String id, String last, SseWriter sse) throws IOException {
        Optional<JobView> view;
        try {
            view = store.find(id);
        } catch (RuntimeException e) {
            if (RedisFailures.unavailable(e)) {
                return false; // the tail follows the job again once Redis is back
            }
            throw e;
        }
        if (view.isEmpty()) {
            return true;
        }
        if (!view.get().status().terminal()) {
            return false;
        }
        Optional<StreamEntry> terminal = events.range(id, StreamIds.START).stream()
                .filter(e -> e.event().type().terminal()).findFirst();
        if (terminal.isPresent()) {
            return StreamIds.compare(terminal.get().id(), last) <= 0;
        }
        if (view.get().resultJson() != null) {
            JobResult result = codec.fromJson(view.get().resultJson(), JobResult.class);
            StreamEvent event = view.get().status() == JobStatus.COMPLETED
                    ? StreamEvent.completed(result, clock.instant()) : StreamEvent.failed(result, clock.instant());
            sse.event(null, event.type().json(), codec.toJson(event));
        }
        return true;
    }
}
