package dev.llmpool.batch.summarize.run;

import dev.llmpool.batch.summarize.plan.DocumentPlan;
import dev.llmpool.batch.summarize.plan.NodeKey;

/** What a pipeline reports as it goes (progress bars, logs, metrics). Called from many threads. */
public interface PipelineListener {

    PipelineListener NONE = new PipelineListener() {
    };

    /** A document begins, with {@code checkpointed} of its nodes already done by an earlier run. */
    default void documentStarted(DocumentPlan plan, int checkpointed) {
    }

    /** A node's summary is checkpointed (answered, or extractive after its job failed). */
    default void nodeDone(DocumentPlan plan, NodeKey node, NodeResult result) {
    }

    /** A document is finished; {@code resumed} when an earlier run finished it. */
    default void documentDone(DocumentSummary summary, boolean resumed) {
    }

    /** A document could not be summarized (unreadable, no text, the checkpoints unreachable). */
    default void documentFailed(String id, String error) {
    }
}
