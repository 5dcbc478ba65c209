package dev.llmpool.batch.kafka;

import dev.llmpool.batch.run.WorkQueue;
import dev.llmpool.core.batch.BatchLedger;
import dev.llmpool.core.batch.BatchRecords;
import dev.llmpool.core.batch.BatchStatus;
import dev.llmpool.core.files.FileStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes a batch's result lines durable, in this order: a part object in the file store
 * ({@code batches/<batch>/parts/<runner>-<seq>.jsonl}), its key in the batch's part set, then the ledger. Only after
 * that may the results' offsets be committed. A runner that dies in between reads the same results again and writes
 * them into another part: the ledger counts each line once, and finalizing keeps one line per custom_id. Lines of a
 * batch that is no longer running are dropped. When the ledger says every line has an end, the batch's work is
 * asked for (its finalization).
 */
public final class PartWriter {

    /** One result line of a batch. */
    public record Line(String customId, BatchLedger.Mark mark, byte[] json) {
    }

    private final FileStore store;
    private final BatchRecords records;
    private final BatchLedger ledger;
    private final WorkQueue queue;
    private final String runnerId;
    private final AtomicLong sequence = new AtomicLong();

    public PartWriter(FileStore store, BatchRecords records, BatchLedger ledger, WorkQueue queue, String runnerId) {
        this.store = store;
        this.records = records;
        this.ledger = ledger;
        this.queue = queue;
        this.runnerId = runnerId;
    }

    public void write(String batchId, List<Line> lines) {
        Optional<BatchStatus> status = records.status(batchId);
        if (status.isEmpty() || status.get() != BatchStatus.IN_PROGRESS && status.get() != BatchStatus.CANCELLING) {
            return;
        }
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (Line line : lines) {
            content.writeBytes(line.json());
            content.write('\n');
        }
        String key = "batches/" + batchId + "/parts/" + runnerId + "-"
                + String.format("%012d", sequence.incrementAndGet()) + ".jsonl";
        store.put(key, new ByteArrayInputStream(content.toByteArray()), Long.MAX_VALUE);
        records.addPart(batchId, key);
        BatchLedger.Marked marked = ledger.record(batchId, lines.stream().map(Line::mark).toList());
        if (marked.done()) {
            queue.request(batchId);
        }
    }
}
