package dev.llmpool.schemas.envelope;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.llmpool.schemas.openai.ChatCompletionChunk;
import dev.llmpool.schemas.openai.Usage;
import java.time.Instant;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One event in a job's Redis stream {@code llmpool:stream:{id}}, schema {@code stream-event.v1.json}.
 * The Redis stream entry id is the event's id (and the SSE id the job API hands out).
 *
 * @param seq   per-attempt sequence number of a delta, so a redelivered attempt cannot write a delta twice
 * @param index the choice index a delta belongs to
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record StreamEvent(
        Type type,
        String correlationId,
        Integer attempt,
        Integer seq,
        String provider,
        String model,
        Integer index,
        ChatCompletionChunk.Delta delta,
        JsonNode logprobs,
        String finishReason,
        Usage usage,
        JobResult result,
        ResultError error,
        Instant at) {

    public enum Type {
        /** The job was accepted. */
        QUEUED,
        /** A worker began an attempt. */
        ATTEMPT_STARTED,
        /** A piece of the answer. */
        DELTA,
        /** An attempt failed; the router decides what follows. */
        ATTEMPT_FAILED,
        /** The job finished with an answer ({@code result} holds it). */
        COMPLETED,
        /** The job finished without an answer ({@code error} says why). */
        FAILED;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Type parse(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }

        public boolean terminal() {
            return this == COMPLETED || this == FAILED;
        }
    }

    public static StreamEvent queued(String correlationId, Instant at) {
        return new StreamEvent(Type.QUEUED, correlationId, null, null, null, null, null, null, null, null, null, null,
                null, at);
    }

    public static StreamEvent attemptStarted(String correlationId, int attempt, String provider, String model,
                                             Instant at) {
        return new StreamEvent(Type.ATTEMPT_STARTED, correlationId, attempt, null, provider, model, null, null, null,
                null, null, null, null, at);
    }

    public static StreamEvent delta(String correlationId, int attempt, int seq, int index,
                                    ChatCompletionChunk.Delta delta, JsonNode logprobs, String finishReason,
                                    Instant at) {
        return new StreamEvent(Type.DELTA, correlationId, attempt, seq, null, null, index, delta, logprobs,
                finishReason, null, null, null, at);
    }

    public static StreamEvent attemptFailed(String correlationId, int attempt, String provider, String model,
                                            ResultError error, Instant at) {
        return new StreamEvent(Type.ATTEMPT_FAILED, correlationId, attempt, null, provider, model, null, null, null,
                null, null, null, error, at);
    }

    public static StreamEvent completed(JobResult result, Instant at) {
        return new StreamEvent(Type.COMPLETED, result.correlationId(), null, null, result.provider(), result.model(),
                null, null, null, null, result.response() == null ? null : result.response().usage(), result, null,
                at);
    }

    public static StreamEvent failed(JobResult result, Instant at) {
        return new StreamEvent(Type.FAILED, result.correlationId(), null, null, result.provider(), result.model(),
                null, null, null, null, null, result, result.error(), at);
    }
}
