package dev.llmpool.batch.run;

import dev.llmpool.core.batch.BatchRecord;
import dev.llmpool.core.batch.BatchRecords;
import dev.llmpool.core.batch.FileObject;
import dev.llmpool.core.batch.FileRecords;
import dev.llmpool.core.files.FileStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every runner does every {@code llmpool.batch.sweep-interval}: asks for work on each batch that is not final
 * (so a lost command, a dead runner's lease, an expiry or a cancel's grace never go unnoticed), publishes the lines of
 * the running batches by state as {@code llmpool.batch.lines} (tags {@code batch}, {@code state}: total, completed,
 * failed, pending), and deletes the bytes of files whose records have expired.
 */
public final class Sweep implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(Sweep.class);
    private static final int EXPIRED_FILES_PER_SWEEP = 100;

    private final BatchRecords records;
    private final FileRecords files;
    private final FileStore store;
    private final WorkQueue queue;
    private final MultiGauge lines;
    private final Clock clock;

    public Sweep(BatchRecords records, FileRecords files, FileStore store, WorkQueue queue, MeterRegistry meters,
                 Clock clock) {
        this.records = records;
        this.files = files;
        this.store = store;
        this.queue = queue;
        this.lines = MultiGauge.builder("llmpool.batch.lines")
                .description("Lines of the batches that are not final, by state").baseUnit("lines")
                .register(meters);
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            for (String id : records.active()) {
                queue.request(id);
                Optional<BatchRecord> batch = records.find(id);
                batch.ifPresent(b -> {
                    rows.add(row(id, "total", b.total()));
                    rows.add(row(id, "completed", b.completed()));
                    rows.add(row(id, "failed", b.failed()));
                    rows.add(row(id, "pending", b.pending()));
                });
            }
            lines.register(rows, true);
            for (String id : files.expired(clock.instant(), EXPIRED_FILES_PER_SWEEP)) {
                store.delete(FileObject.storageKey(id));
                files.delete(id);
            }
        } catch (RuntimeException e) {
            log.warn("Batch sweep failed: {}", e.toString());
        }
    }

    private static MultiGauge.Row<?> row(String id, String state, long value) {
        return MultiGauge.Row.of(Tags.of("batch", id, "state", state), value);
    }
}
