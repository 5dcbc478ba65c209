package dev.llmpool.batch.summarize.service;

import dev.llmpool.batch.summarize.plan.DocumentPlan;
import dev.llmpool.batch.summarize.plan.NodeKey;
import dev.llmpool.batch.summarize.run.NodeResult;
import dev.llmpool.batch.summarize.run.PipelineListener;
import dev.llmpool.core.summarize.SummaryRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service document's progress in its Redis record (chunks and calls, done and planned), for {@code GET
 * /v1/pipelines/summarize/{id}}. Progress only: a write that fails is logged and never holds the document up.
 */
public final class ServiceProgress implements PipelineListener {

    private static final Logger log = LoggerFactory.getLogger(ServiceProgress.class);

    private final SummaryRecords records;

    public ServiceProgress(SummaryRecords records) {
        this.records = records;
    }

    @Override
    public void documentStarted(DocumentPlan plan, int checkpointed, int checkpointedChunks) {
        try {
            records.running(plan.document().id(), plan.chunks().size(), checkpointedChunks, plan.calls(),
                    checkpointed);
        } catch (RuntimeException e) {
            log.debug("Could not record that {} runs: {}", plan.document().id(), e.toString());
        }
    }

    @Override
    public void nodeDone(DocumentPlan plan, NodeKey node, NodeResult result) {
        try {
            records.nodeDone(plan.document().id(), node.level() == 0);
        } catch (RuntimeException e) {
            log.debug("Could not count node {} of {}: {}", node, plan.document().id(), e.toString());
        }
    }
}
