package dev.llmpool.gateway.jobs;

import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.envelope.ResultError;

/** How waiting for a job ended. */
public sealed interface JobEnding {

    /** The job has an answer. */
    record Completed(JobResult result) implements JobEnding {
    }

    /** The job ended without an answer. */
    record Failed(ResultError error) implements JobEnding {
    }

    /** The job's deadline passed first. */
    record TimedOut() implements JobEnding {
    }
}
