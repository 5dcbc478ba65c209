package dev.llmpool.batch.lines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.core.batch.LineState;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PartMergeTest {

    private static OutputLine completed(String customId) {
        return new OutputLine("batch_req_1", customId, new OutputLine.Response(200, "job", null), null);
    }

    private static OutputLine failed(String customId) {
        return new OutputLine("batch_req_1", customId, new OutputLine.Response(502, "job", null), null);
    }

    @Test
    void aLineDeliveredTwiceIsWrittenOnce() {
        PartMerge merge = new PartMerge(Map.of("a", LineState.COMPLETED, "b", LineState.FAILED));
        assertThat(merge.take(completed("a"))).isEqualTo(PartMerge.Target.OUTPUT);
        assertThat(merge.take(completed("a"))).isEqualTo(PartMerge.Target.SKIP);
        assertThat(merge.take(failed("b"))).isEqualTo(PartMerge.Target.ERRORS);
        assertThat(merge.take(failed("b"))).isEqualTo(PartMerge.Target.SKIP);
    }

    @Test
    void onlyTheOutcomeTheLedgerCountedIsWritten() {
        PartMerge merge = new PartMerge(Map.of("a", LineState.FAILED));
        assertThat(merge.take(completed("a"))).isEqualTo(PartMerge.Target.SKIP);
        assertThat(merge.take(failed("a"))).isEqualTo(PartMerge.Target.ERRORS);
    }

    @Test
    void aResultTheLedgerNeverTookIsDroppedAndItsLineWrittenAsNeverRun() {
        PartMerge merge = new PartMerge(Map.of("a", LineState.CANCELLED));
        assertThat(merge.take(completed("a"))).isEqualTo(PartMerge.Target.SKIP);
        assertThat(merge.neverRan("a")).contains(LineState.CANCELLED);
        assertThat(merge.neverRan("a")).isEmpty();
    }

    @Test
    void inputLinesWithoutAWrittenLineAreWrittenAsNeverRunOnce() {
        PartMerge merge = new PartMerge(Map.of("a", LineState.COMPLETED, "b", LineState.EXPIRED));
        merge.take(completed("a"));
        assertThat(merge.neverRan("a")).isEmpty();
        assertThat(merge.neverRan("b")).isEqualTo(Optional.of(LineState.EXPIRED));
        assertThat(merge.neverRan("b")).isEmpty();
    }
}
