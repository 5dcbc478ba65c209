package dev.llmpool.router.machine;

import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.envelope.StreamEvent;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.EmbeddingsResponse;
import java.time.Duration;
import java.util.List;

/**
 * What a transition asks the outside world to do, in order. The executor applies them; each is idempotent or
 * guarded, so replaying a transition after a crash (the state is saved last) repeats nothing that matters.
 */
public sealed interface Effect {

    /**
     * Create the job record in Redis unless it exists; only when this call created it, apply {@code onCreated}
     * (the queued event: a job the gateway created was announced by the gateway, and a replay announces nothing).
     * Decided only when the router found no record for the job.
     */
    record CreateJob(String correlationId, String requestJson, List<Effect> onCreated) implements Effect {
        public CreateJob {
            onCreated = List.copyOf(onCreated);
        }
    }

    /** Append an event to the job's Redis stream. */
    record AppendEvent(StreamEvent event) implements Effect {
    }

    /** Look the answer up in the exact-match cache; the executor answers with {@link RouterEvent.CacheChecked}. */
    record LookupCache(JobRequest request, String key) implements Effect {
    }

    /** Publish an attempt to {@code llm.provider.<provider>}, with the trace context passed on. */
    record PublishAttempt(AttemptRequest request, String traceparent) implements Effect {
    }

    /**
     * Store the final result once; only the call that stored it applies {@code onStored} (cache write, results
     * topic, terminal event, dead letter), which is what keeps a redelivered outcome from repeating them. The
     * executor may store the result and append the first {@link AppendEvent} of {@code onStored} in one step, with
     * the cache writes listed before that event sent ahead of it (a cache write is idempotent and carries the same
     * answer on a replay, so writing it ahead is harmless); the order in which they become visible is the listed one.
     */
    record Finalize(JobResult result, List<Effect> onStored) implements Effect {
        public Finalize {
            onStored = List.copyOf(onStored);
        }
    }

    /**
     * The job was finalized by the worker that ran its attempt (carrying out the decision the attempt carried): its
     * result is stored and published; only the router's own bookkeeping (metrics) follows.
     */
    record FinalizedByWorker(JobResult result) implements Effect {
    }

    /** Write an answer (a completion, or an embeddings job's embeddings) to the cache unless an entry exists. */
    record WriteCache(String key, ChatCompletion completion, EmbeddingsResponse embeddings, Duration ttl)
            implements Effect {

        public WriteCache(String key, ChatCompletion completion, Duration ttl) {
            this(key, completion, null, ttl);
        }
    }

    /** Publish the final result to {@code llm.results}. */
    record PublishResult(JobResult result) implements Effect {
    }

    /**
     * Dead-letter the job to {@code llm.requests.dlt}.
     *
     * @param reason        the reason header ({@link DeadLetterReason#header()})
     * @param attempts      how many attempts were made
     * @param providerError   the classified error of the last attempt, or null when none ran
     * @param providerMessage the last attempt's error message as the worker cleaned it, or null
     * @param origin          where the job's request record sat in Kafka, or null when not known
     */
    record DeadLetterJob(JobRequest request, String reason, String detail, int attempts, ErrorClass providerError,
                         String providerMessage, RecordOrigin origin) implements Effect {

        public DeadLetterJob(JobRequest request, String reason, String detail, int attempts,
                             ErrorClass providerError) {
            this(request, reason, detail, attempts, providerError, null, null);
        }
    }

    /** The event cannot be handled yet (an outcome that overtook its job's routing); redeliver it later. */
    record Defer(String reason) implements Effect {
    }
}
