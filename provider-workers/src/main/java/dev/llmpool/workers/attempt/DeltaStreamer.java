package dev.llmpool.workers.attempt;

import dev.llmpool.core.redis.JobEventStream;
import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.envelope.StreamEvent;
import dev.llmpool.workers.provider.DeltaPart;
import dev.llmpool.workers.provider.DeltaSink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Writes an attempt's delta parts to the job's Redis stream as they arrive: one {@code delta} event per part with
 * the attempt's own {@code seq} from 0, appended asynchronously from the attempt's thread (so in order), and waited
 * for before the outcome is published. Remembers when the first token arrived. One instance per attempt.
 */
final class DeltaStreamer implements DeltaSink {

    private final JobEventStream events;
    private final AttemptRequest request;
    private final Clock clock;
    private final List<CompletableFuture<String>> appends = new ArrayList<>();
    private int seq;
    private Instant firstToken;

    DeltaStreamer(JobEventStream events, AttemptRequest request, Clock clock) {
        this.events = events;
        this.request = request;
        this.clock = clock;
    }

    @Override
    public void accept(DeltaPart part) {
        Instant now = clock.instant();
        if (firstToken == null && part.carriesTokens()) {
            firstToken = now;
        }
        StreamEvent event = StreamEvent.delta(request.correlationId(), request.attempt(), seq++, part.index(),
                part.delta(), part.logprobs(), part.finishReason(), now);
        appends.add(events.appendAsync(event));
    }

    /**
     * Waits for every append; returns how many reached the stream (a delta a redelivered attempt had already written
     * counts: it is there).
     */
    int awaitAppends(Duration timeout) {
        if (appends.isEmpty()) {
            return 0;
        }
        try {
            CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // counted below: a failed or late append did not reach the stream
        }
        return (int) appends.stream().filter(f -> f.isDone() && !f.isCompletedExceptionally()).count();
    }

    /** Whether a part that carried tokens has gone out (then the attempt must not be retried). */
    boolean streamedTokens() {
        return firstToken != null;
    }

    /** Milliseconds from {@code started} to the first part that carried tokens; null when none did. */
    Long timeToFirstTokenMs(Instant started) {
        return firstToken == null ? null : Math.max(0, Duration.between(started, firstToken).toMillis());
    }
}
