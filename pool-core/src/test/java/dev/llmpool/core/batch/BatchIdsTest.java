package dev.llmpool.core.batch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BatchIdsTest {

    @Test
    void aLinesJobIdIsTheSameEveryTimeAndFitsTheCorrelationIdPattern() {
        String batch = BatchIds.newBatchId();
        String id = BatchIds.lineJobId(batch, "request-1 with spaces/and?symbols");
        assertThat(id).isEqualTo(BatchIds.lineJobId(batch, "request-1 with spaces/and?symbols"))
                .startsWith(batch + ".").matches("[A-Za-z0-9._~-]{1,128}");
        assertThat(id).isNotEqualTo(BatchIds.lineJobId(batch, "request-2"))
                .isNotEqualTo(BatchIds.lineJobId(BatchIds.newBatchId(), "request-1 with spaces/and?symbols"));
    }

    @Test
    void aLinesJobNamesItsBatchAndOtherJobsNone() {
        String batch = BatchIds.newBatchId();
        assertThat(BatchIds.batchOfJob(BatchIds.lineJobId(batch, "a"))).contains(batch);
        assertThat(BatchIds.batchOfJob("job-123")).isEmpty();
        assertThat(BatchIds.batchOfJob("batch_x.short")).isEmpty();
    }

    @Test
    void aBatchsOutputAndErrorFilesHaveIdsDerivedFromIt() {
        String batch = BatchIds.newBatchId();
        assertThat(BatchIds.outputFileId(batch)).isEqualTo(BatchIds.outputFileId(batch)).startsWith("file-")
                .isNotEqualTo(BatchIds.errorFileId(batch));
        assertThat(BatchIds.lineRequestId(batch, "a")).startsWith("batch_req_")
                .isEqualTo(BatchIds.lineRequestId(batch, "a"));
    }

    @Test
    void onlyIdsOfThePoolsShapeArePlausible() {
        assertThat(BatchIds.plausible(BatchIds.newBatchId(), "batch_")).isTrue();
        assertThat(BatchIds.plausible("batch_}x", "batch_")).isFalse();
        assertThat(BatchIds.plausible("file-abc", "batch_")).isFalse();
    }
}
