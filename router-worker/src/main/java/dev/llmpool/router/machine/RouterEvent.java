package dev.llmpool.router.machine;

import dev.llmpool.schemas.envelope.AttemptOutcome;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.EmbeddingsResponse;

/** What the router reacts to: records from its topics, and answers to the queries it asked its executor. */
public sealed interface RouterEvent {

    String correlationId();

    /**
     * A job on {@code llm.requests} (new, or redelivered).
     *
     * @param requestJson  the record as received, stored in the job record
     * @param traceparent  the record's W3C trace context header, or null
     * @param recordStatus the status of the job's record in Redis, or null when there is none yet
     * @param origin       where the record sat in Kafka, or null when not known
     */
    record JobReceived(JobRequest request, String requestJson, String traceparent, JobStatus recordStatus,
                       RecordOrigin origin) implements RouterEvent {

        public JobReceived(JobRequest request, String requestJson, String traceparent, JobStatus recordStatus) {
            this(request, requestJson, traceparent, recordStatus, null);
        }

        @Override
        public String correlationId() {
            return request.correlationId();
        }
    }

    /**
     * The answer to {@link Effect.LookupCache}.
     *
     * @param cached     the cached answer, or null on a miss (or for an embeddings job)
     * @param embeddings an embeddings job's cached answer, or null on a miss
     */
    record CacheChecked(JobRequest request, String key, ChatCompletion cached, EmbeddingsResponse embeddings)
            implements RouterEvent {

        /** A chat job's answer from the cache, or its miss. */
        public CacheChecked(JobRequest request, String key, ChatCompletion cached) {
            this(request, key, cached, null);
        }

        @Override
        public String correlationId() {
            return request.correlationId();
        }
    }

    /**
     * An attempt's outcome on {@code llm.attempts}.
     *
     * @param request     the job as stored, or null when the job record holds none
     * @param traceparent the record's W3C trace context header, or null
     */
    record OutcomeReceived(JobRequest request, AttemptOutcome outcome, String traceparent) implements RouterEvent {
        @Override
        public String correlationId() {
            return outcome.correlationId();
        }
    }
}
