package dev.llmpool.launcher.batch;

import dev.llmpool.core.batch.BatchStatus;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.time.Duration;

/**
 * One look at a batch on its way: counts, tokens and cost so far, and the rate and time left measured by the
 * watcher.
 *
 * @param batchId      the batch
 * @param status       its status
 * @param total        its lines (0 until validated)
 * @param completed    lines answered
 * @param failed       lines that failed
 * @param inputTokens  prompt tokens of the completed lines
 * @param outputTokens completion tokens of the completed lines
 * @param cost         the cost so far (an estimate while it runs)
 * @param elapsed      since the batch was created
 * @param linesPerSecond lines ended per second since the watch began, or null before any line ended
 * @param eta          the time left at that rate, or null when unknown
 */
@RecordBuilder
public record Progress(String batchId, BatchStatus status, long total, long completed, long failed,
                       long inputTokens, long outputTokens, Cost cost, Duration elapsed, Double linesPerSecond,
                       Duration eta) {

    /** Lines that ended, either way. */
    public long done() {
        return completed + failed;
    }

    public long tokens() {
        return inputTokens + outputTokens;
    }
}
