package dev.llmpool.gateway.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.llmpool.core.redis.EventTail;
import dev.llmpool.core.redis.StreamEntry;
import dev.llmpool.gateway.error.ApiException;
import dev.llmpool.gateway.jobs.JobWaiter;
import dev.llmpool.gateway.openai.ChunkTranslator;
import dev.llmpool.schemas.envelope.StreamEvent;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.openai.ChatCompletionChunk;
import dev.llmpool.schemas.openai.Usage;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.ObjectWriter;

/**
 * Answers a streaming chat completion from the job's events: chunks as deltas arrive, {@code : keep-alive} comments
 * while idle, the closing chunks and {@code data: [DONE]} on completion. A failure or the deadline before anything
 * was sent is thrown (the client gets the HTTP error); after that it becomes a final {@code data: {"error":...}}
 * frame, never a silent close.
 */
public class ChatStreamResponder {

    static final String DONE = "[DONE]";
    private static final String KEEP_ALIVE = "keep-alive";

    private final JsonCodec codec;
    private final ObjectWriter chunkWithoutUsage;
    private final Clock clock;
    private final Duration keepalive;

    public ChatStreamResponder(JsonCodec codec, Clock clock, Duration keepalive) {
        this.codec = codec;
        this.chunkWithoutUsage = codec.mapper().rebuild().addMixIn(ChatCompletionChunk.class, WithoutUsage.class)
                .build().writerFor(ChatCompletionChunk.class);
        this.clock = clock;
        this.keepalive = keepalive;
    }

    /** Leaves {@code usage} out of a chunk: the client did not ask for usage, so OpenAI sends no such field. */
    private abstract static class WithoutUsage {
        @JsonIgnore
        abstract Usage usage();
    }

    /** Streams until the job ends or its deadline; returns the outcome for the request metrics. */
    String stream(EventTail tail, String id, Instant deadline, ChunkTranslator translator, boolean includeUsage,
                  SseWriter sse) throws IOException {
        Instant lastWrite = clock.instant();
        try {
            while (true) {
                Instant now = clock.instant();
                if (!now.isBefore(deadline)) {
                    fail(sse, ApiException.deadlineExceeded(id, deadline));
                    return RequestTags.TIMEOUT;
                }
                Duration idle = Duration.between(lastWrite, now);
                if (idle.compareTo(keepalive) >= 0) {
                    sse.comment(KEEP_ALIVE);
                    lastWrite = now;
                    continue;
                }
                Duration untilDeadline = Duration.between(now, deadline);
                Duration untilKeepalive = keepalive.minus(idle);
                StreamEntry entry = tail.poll(untilKeepalive.compareTo(untilDeadline) < 0
                        ? untilKeepalive : untilDeadline);
                if (entry == null) {
                    continue;
                }
                StreamEvent event = entry.event();
                if (event.type() == StreamEvent.Type.FAILED) {
                    fail(sse, ApiException.jobFailed(JobWaiter.failure(event)));
                    return RequestTags.FAILED;
                }
                List<ChatCompletionChunk> chunks = translator.onEvent(event);
                for (ChatCompletionChunk chunk : chunks) {
                    sse.data(chunkJson(chunk, includeUsage));
                }
                if (!chunks.isEmpty()) {
                    lastWrite = clock.instant();
                }
                if (event.type() == StreamEvent.Type.COMPLETED) {
                    sse.data(DONE);
                    return RequestTags.SUCCESS;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(sse, ApiException.internal("The gateway was interrupted while streaming the job."));
            return "server_error";
        }
    }

    /** Writes finished chunks (a cache hit) and {@code [DONE]}. */
    void replay(List<ChatCompletionChunk> chunks, boolean includeUsage, SseWriter sse) throws IOException {
        for (ChatCompletionChunk chunk : chunks) {
            sse.data(chunkJson(chunk, includeUsage));
        }
        sse.data(DONE);
    }

    /** A chunk's JSON: {@code usage} is written (null but on the usage chunk) only when the client asked for it. */
    String chunkJson(ChatCompletionChunk chunk, boolean includeUsage) {
        return includeUsage ? codec.toJson(chunk) : chunkWithoutUsage.writeValueAsString(chunk);
    }

    private void fail(SseWriter sse, ApiException error) throws IOException {
        if (!sse.opened()) {
            throw error;
        }
        sse.data(codec.toJson(error.body()));
    }
}
