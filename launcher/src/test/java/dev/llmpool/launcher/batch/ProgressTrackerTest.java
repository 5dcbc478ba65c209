package dev.llmpool.launcher.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.core.batch.BatchObject;
import dev.llmpool.core.batch.BatchStatus;
import dev.llmpool.core.catalog.CatalogLoader;
import dev.llmpool.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressTrackerTest {

    private static final Instant CREATED = Instant.parse("2025-01-01T00:00:00Z");

    private static BatchObject batch(BatchStatus status, long total, long completed, long failed, long in, long out) {
        return new BatchObject("batch_1", "batch", "/v1/chat/completions", null, null, "file-1", "24h", status, null,
                null, CREATED.getEpochSecond(), null, null, null, null, null, null, null, null,
                new BatchObject.RequestCounts(total, completed, failed), BatchObject.Usage.of(in, out), null);
    }

    @Test
    void theRateCountsFromTheFirstLookAtTheRunningBatchAndTheEtaIsWhatIsLeftAtThatRate() {
        MovableClock clock = new MovableClock(CREATED.plusSeconds(2));
        Prices prices = new Prices(new CatalogLoader().parse("""
                models:
                  - {id: m, provider: p, upstream: m, context_window: 10, price: {input_per_mtok: 1, output_per_mtok: 2}}
                """));
        ProgressTracker tracker = new ProgressTracker(clock, ModelMix.of(Map.of("m", 100L)), prices);

        Progress validating = tracker.track(batch(BatchStatus.VALIDATING, 0, 0, 0, 0, 0));
        clock.advance(Duration.ofSeconds(1));
        Progress first = tracker.track(batch(BatchStatus.IN_PROGRESS, 100, 10, 0, 100, 100));
        clock.advance(Duration.ofSeconds(4));
        Progress later = tracker.track(batch(BatchStatus.IN_PROGRESS, 100, 45, 5, 1_000_000, 500_000));

        assertThat(validating.linesPerSecond()).isNull();
        assertThat(first.linesPerSecond()).as("nothing measured yet").isNull();
        assertThat(first.eta()).isNull();
        assertThat(later.linesPerSecond()).isEqualTo(10.0);
        assertThat(later.eta()).isEqualTo(Duration.ofSeconds(5));
        assertThat(later.elapsed()).isEqualTo(Duration.ofSeconds(7));
        assertThat(later.done()).isEqualTo(50);
        assertThat(later.tokens()).isEqualTo(1_500_000);
        assertThat(later.cost().usd()).isEqualTo(2.0);
        assertThat(later.cost().exact()).isFalse();
    }

    @Test
    void withoutTheInputTheCostIsUnknownRatherThanGuessed() {
        ProgressTracker tracker = new ProgressTracker(new MovableClock(CREATED), null, null);

        assertThat(tracker.track(batch(BatchStatus.IN_PROGRESS, 10, 1, 0, 10, 10)).cost().usd()).isNull();
    }
}
