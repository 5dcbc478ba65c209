package dev.llmpool.batch.summarize.run;

import dev.llmpool.batch.summarize.plan.NodeKey;
import dev.llmpool.batch.summarize.plan.RunKeys;
import dev.llmpool.schemas.envelope.CacheControl;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.envelope.Priority;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import dev.llmpool.schemas.names.MetadataKeys;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The job of a node: its id derived from the run, the document and the node (publishing it again is a repeat the
 * router ignores), priority {@code batch} (it waits in the batch lane and uses what interactive traffic leaves),
 * metadata {@code task: summarize} (what the routing rules can match) and naming the run, document and node. Pure.
 */
public final class NodeJobs {

    /** Metadata key: the routing rules' {@code task} field. */
    public static final String TASK = "task";
    public static final String TASK_VALUE = "summarize";
    /** Metadata key: the run. */
    public static final String RUN = "llmpool_summarize_run";
    /** Metadata key: the document's key in the run. */
    public static final String DOCUMENT = "llmpool_summarize_document";
    /** Metadata key: the node ({@code <level>.<index>}). */
    public static final String NODE = "llmpool_summarize_node";

    private NodeJobs() {
    }

    /** @param owner the pipeline's tenant and key (the key's id goes into the job's metadata) */
    public static JobRequest job(String run, JobOwner owner, String documentKey, NodeKey node, String model,
                                 ChatCompletionRequest body, Instant now, Instant deadline) {
        return JobRequest.builder()
                .correlationId(RunKeys.jobId(run, documentKey, node))
                .tenant(owner.tenant())
                .createdAt(now)
                .deadline(deadline)
                .priority(Priority.BATCH)
                .model(model)
                .body(body)
                .cache(CacheControl.AUTO)
                .streamTokens(false)
                .metadata(metadata(run, owner, documentKey, node))
                .build();
    }

    private static Map<String, String> metadata(String run, JobOwner owner, String documentKey, NodeKey node) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(TASK, TASK_VALUE);
        metadata.put(RUN, run);
        metadata.put(DOCUMENT, documentKey);
        metadata.put(NODE, node.toString());
        if (owner.keyId() != null) {
            metadata.put(MetadataKeys.KEY_ID, owner.keyId());
        }
        return metadata;
    }
}
