package dev.llmpool.batch.summarize.run;

import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.envelope.JobResult;
import java.util.concurrent.CompletableFuture;

/** Where a pipeline's jobs run: the pool. */
public interface JobPort {

    /**
     * Completes with the job's result once it has ended: at once when its record already holds one (no new call),
     * else when it ends; the job is published unless the pool already has it.
     */
    CompletableFuture<JobResult> submit(JobRequest job);
}
