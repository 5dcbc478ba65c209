package dev.llmpool.schemas.json;

import dev.llmpool.schemas.envelope.AttemptOutcome;
import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.envelope.BatchCommand;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.envelope.StreamEvent;

/** Each envelope type with the JSON Schema file that describes it. */
public enum Envelope {
    JOB_REQUEST(JobRequest.class, "job-request.v1.json"),
    ATTEMPT_REQUEST(AttemptRequest.class, "attempt-request.v1.json"),
    ATTEMPT_OUTCOME(AttemptOutcome.class, "attempt-outcome.v1.json"),
    JOB_RESULT(JobResult.class, "job-result.v1.json"),
    STREAM_EVENT(StreamEvent.class, "stream-event.v1.json"),
    BATCH_COMMAND(BatchCommand.class, "batch-command.v1.json");

    private final Class<?> type;
    private final String schemaFile;

    Envelope(Class<?> type, String schemaFile) {
        this.type = type;
        this.schemaFile = schemaFile;
    }

    public Class<?> type() {
        return type;
    }

    /** The file name under {@code schemas/} on the classpath (and in {@code schemas/src/main/resources/schemas}). */
    public String schemaFile() {
        return schemaFile;
    }
}
