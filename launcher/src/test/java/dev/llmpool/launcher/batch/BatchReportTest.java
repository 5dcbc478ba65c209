package dev.llmpool.launcher.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.core.batch.BatchError;
import dev.llmpool.core.batch.BatchObject;
import dev.llmpool.core.batch.BatchStatus;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchReportTest {

    private static BatchObject batch(BatchStatus status, BatchObject.Errors errors, String output, String error) {
        return new BatchObject("batch_1", "batch", "/v1/chat/completions", null, errors, "file-in", "24h", status,
                output, error, 1_000, 1_001L, 87_400L, 1_010L, status == BatchStatus.COMPLETED ? 1_012L : null,
                status == BatchStatus.FAILED ? 1_002L : null, null, null, null,
                new BatchObject.RequestCounts(errors == null ? 1200 : 0, errors == null ? 1190 : 0,
                        errors == null ? 10 : 0), BatchObject.Usage.of(1_000, 2_345), Map.of("job", "nightly"));
    }

    @Test
    void onlyACompletedBatchExitsZero() {
        assertThat(BatchReport.exitCode(BatchStatus.COMPLETED)).isZero();
        assertThat(BatchReport.exitCode(BatchStatus.FAILED)).isEqualTo(3);
        assertThat(BatchReport.exitCode(BatchStatus.EXPIRED)).isEqualTo(4);
        assertThat(BatchReport.exitCode(BatchStatus.CANCELLED)).isEqualTo(5);
    }

    @Test
    void aSummaryGivesStatusCountsTokensCostFilesAndWhatToDoNext() {
        String text = BatchReport.describe(batch(BatchStatus.COMPLETED, null, "file-out", "file-err"),
                new Cost(0.0123, true, null), null);

        assertThat(text).isEqualTo("""
                batch batch_1 completed after 0:00:12
                  lines       1,200: 1,190 completed, 10 failed
                  tokens      3,345 (1,000 in, 2,345 out)
                  cost        $0.0123 (each answer's model and usage at the catalog prices)
                  input       file-in
                  output      file-out
                  errors      file-err
                  metadata    job=nightly
                next: llmpool batch download batch_1
                      llmpool batch retry batch_1   (a new batch of the lines that did not complete)
                """);
    }

    @Test
    void theExactCostIsBrokenDownByTheModelsThatAnswered() {
        OutputCost byModel = new OutputCost(Map.of("gpt-4o-mini", new OutputCost.ModelCost(1_189, 10_000, 20_000,
                0.0135), "gpt-4o", new OutputCost.ModelCost(1, 100, 200, 0.00225)), java.util.Set.of());

        String text = BatchReport.describe(batch(BatchStatus.COMPLETED, null, "file-out", null), byModel.cost(),
                byModel);

        assertThat(text).contains("  cost        $0.0158 (each answer's model and usage at the catalog prices)\n"
                + "              gpt-4o                     1 line          300 tokens  $0.002250\n"
                + "              gpt-4o-mini            1,189 lines      30,000 tokens  $0.0135\n");
    }

    @Test
    void aRunningBatchShowsItsEstimateAndHowToFollowIt() {
        String text = BatchReport.describe(batch(BatchStatus.IN_PROGRESS, null, null, null),
                new Cost(0.5, false, "2 lines naming a route priced as the other lines' models"), null);

        assertThat(text).contains("batch batch_1 in_progress\n")
                .contains("  cost        ~$0.5000 (estimate: the token totals at the input's model mix; 2 lines naming "
                        + "a route priced as the other lines' models)\n")
                .contains("  created     1970-01-01T00:16:40Z, expires 1970-01-02T00:16:40Z\n")
                .endsWith("follow it: llmpool batch status batch_1 --watch\n");
    }

    @Test
    void aBatchThatFailedValidationNamesItsLinesAndHowManyMore() {
        List<BatchError> errors = IntStream.rangeClosed(1, 12).mapToObj(i -> new BatchError("invalid_json_line",
                "Line " + i + ": not JSON.", null, i)).toList();

        String text = BatchReport.describe(batch(BatchStatus.FAILED, BatchObject.Errors.of(errors), null, null),
                Cost.unknown("n/a"), null);

        assertThat(text).startsWith("batch batch_1 failed after 0:00:02\n  invalid     12 problems in the input; no "
                        + "line was run\n")
                .contains("invalid_json_line: Line 1: not JSON.\n").contains("Line 10: not JSON.\n")
                .doesNotContain("Line 11:").contains("… and 2 more (llmpool batch status batch_1 --json)")
                .doesNotContain("cost").endsWith("next: fix the lines named above and submit the file again\n");
    }
}
