package dev.llmpool.batch.run;

import dev.llmpool.batch.lines.OutputLine;
import dev.llmpool.batch.lines.OutputLines;
import dev.llmpool.batch.lines.PartMerge;
import dev.llmpool.core.batch.BatchIds;
import dev.llmpool.core.batch.BatchLedger;
import dev.llmpool.core.batch.BatchRecord;
import dev.llmpool.core.batch.BatchRecords;
import dev.llmpool.core.batch.BatchStatus;
import dev.llmpool.core.batch.FileObject;
import dev.llmpool.core.batch.FileRecords;
import dev.llmpool.core.batch.JsonLines;
import dev.llmpool.core.batch.LineState;
import dev.llmpool.core.files.FileStore;
import dev.llmpool.schemas.json.JsonCodec;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a batch: {@code finalizing} (the ledger takes no more results), the lines that never ran recorded as
 * {@code expired} or {@code cancelled}, then the output and error files written from the part objects, keeping for
 * each custom_id the first part line that agrees with the ledger (duplicates in parts are harmless), and a line for
 * every input line that has none; then the final status with the files' ids (null when a file would be empty, as
 * OpenAI), and the parts deleted. Every step can be done again: the files' ids are derived from the batch id, so a
 * runner that dies mid-way leaves a {@code finalizing} batch that the next runner finishes the same way.
 */
public final class Finalizer {

    private static final Logger log = LoggerFactory.getLogger(Finalizer.class);
    private static final Set<BatchStatus> ENDINGS = EnumSet.of(BatchStatus.COMPLETED, BatchStatus.EXPIRED,
            BatchStatus.CANCELLED);

    private final BatchRecords records;
    private final BatchLedger ledger;
    private final FileRecords files;
    private final FileStore store;
    private final InputFiles inputs;
    private final OutputLines lines;
    private final JsonCodec codec;
    private final Clock clock;

    public Finalizer(BatchRecords records, BatchLedger ledger, FileRecords files, FileStore store, InputFiles inputs,
                     JsonCodec codec, Clock clock) {
        this.records = records;
        this.ledger = ledger;
        this.files = files;
        this.store = store;
        this.inputs = inputs;
        this.lines = new OutputLines(codec);
        this.codec = codec;
        this.clock = clock;
    }

    /** Finalizes a running (or already finalizing) batch so that it ends as {@code ending}. */
    public void finalizeAs(BatchRecord batch, BatchStatus ending) {
        if (!ENDINGS.contains(ending)) {
            throw new IllegalArgumentException(ending + " is not how a run ends");
        }
        String id = batch.id();
        if (batch.status() != BatchStatus.FINALIZING) {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put(BatchRecord.FINAL_STATUS, ending.json());
            if (!batch.has(BatchRecord.FINALIZING_AT)) {
                fields.put(BatchRecord.FINALIZING_AT, Long.toString(clock.instant().getEpochSecond()));
            }
            if (!records.transition(id, EnumSet.of(BatchStatus.VALIDATING, BatchStatus.IN_PROGRESS,
                    BatchStatus.CANCELLING), BatchStatus.FINALIZING, fields)) {
                return; // another runner moved it first
            }
            batch = records.find(id).orElseThrow();
        }
        ending = batch.finalStatus();
        if (ending != BatchStatus.COMPLETED) {
            closeNeverRun(batch, ending == BatchStatus.EXPIRED ? LineState.EXPIRED : LineState.CANCELLED);
        }
        Map<String, LineState> states = ledger.states(id);
        Written written = write(batch, states);
        Instant now = clock.instant();
        Map<String, String> fields = new LinkedHashMap<>();
        if (written.output() != null) {
            fields.put(BatchRecord.OUTPUT_FILE_ID, written.output());
        }
        if (written.errors() != null) {
            fields.put(BatchRecord.ERROR_FILE_ID, written.errors());
        }
        fields.put(switch (ending) {
            case EXPIRED -> BatchRecord.EXPIRED_AT;
            case CANCELLED -> BatchRecord.CANCELLED_AT;
            default -> BatchRecord.COMPLETED_AT;
        }, Long.toString(now.getEpochSecond()));
        if (records.transition(id, EnumSet.of(BatchStatus.FINALIZING), ending, fields)) {
            for (String part : records.parts(id)) {
                store.delete(part);
            }
            records.clearParts(id);
            log.info("Batch {} {}: {} lines written to the output file, {} to the error file", id, ending.json(),
                    written.outputLines(), written.errorLines());
        }
    }

    /** Records the lines without an end as never run; a batch never validated gets its total now. */
    private void closeNeverRun(BatchRecord batch, LineState state) {
        Map<String, LineState> states = ledger.states(batch.id());
        List<BatchLedger.Mark> marks = new ArrayList<>();
        long[] count = {0};
        inputs.customIds(batch.inputFileId(), customId -> {
            count[0]++;
            if (!states.containsKey(customId)) {
                marks.add(new BatchLedger.Mark(customId, state, 0, 0));
            }
        });
        if (batch.total() == 0) {
            records.set(batch.id(), Map.of(BatchRecord.TOTAL, Long.toString(count[0])));
        }
        ledger.close(batch.id(), marks);
    }

    private record Written(String output, String errors, long outputLines, long errorLines) {
    }

    private Written write(BatchRecord batch, Map<String, LineState> states) {
        Path output = null;
        Path errors = null;
        try {
            output = Files.createTempFile("llmpool-batch-output-", ".jsonl");
            errors = Files.createTempFile("llmpool-batch-errors-", ".jsonl");
            long[] counts = new long[2];
            PartMerge merge = new PartMerge(states);
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(output));
                 OutputStream err = new BufferedOutputStream(Files.newOutputStream(errors))) {
                for (String part : records.parts(batch.id())) {
                    copyPart(part, merge, out, err, counts);
                }
                inputs.customIds(batch.inputFileId(), customId -> merge.neverRan(customId).ifPresent(state -> {
                    LineState recorded = merge.recorded(customId);
                    if (recorded != LineState.EXPIRED && recorded != LineState.CANCELLED) {
                        log.error("Batch {}: line '{}' ({}) has no result in any part; it is written as never run",
                                batch.id(), customId, recorded);
                    }
                    write(err, lines.bytes(lines.neverRan(batch.id(), customId, state)));
                    counts[1]++;
                }));
            }
            String outputId = counts[0] == 0 ? null : store(output, BatchIds.outputFileId(batch.id()),
                    batch.id() + "_output.jsonl", batch.tenant());
            String errorId = counts[1] == 0 ? null : store(errors, BatchIds.errorFileId(batch.id()),
                    batch.id() + "_error.jsonl", batch.tenant());
            return new Written(outputId, errorId, counts[0], counts[1]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(output);
            delete(errors);
        }
    }

    private void copyPart(String part, PartMerge merge, OutputStream out, OutputStream err, long[] counts)
            throws IOException {
        Optional<InputStream> in = store.open(part);
        if (in.isEmpty()) {
            log.warn("Part {} is listed but gone", part);
            return;
        }
        try (JsonLines reader = new JsonLines(in.get(), Long.MAX_VALUE)) {
            for (JsonLines.Line line = reader.next(); line != null; line = reader.next()) {
                if (line.blank()) {
                    continue;
                }
                switch (merge.take(codec.fromBytes(line.bytes(), OutputLine.class))) {
                    case OUTPUT -> {
                        write(out, line.bytes());
                        counts[0]++;
                    }
                    case ERRORS -> {
                        write(err, line.bytes());
                        counts[1]++;
                    }
                    case SKIP -> {
                    }
                }
            }
        }
    }

    /** Stores a file of the batch's, its tenant's like the batch. */
    private String store(Path content, String fileId, String filename, String tenant) throws IOException {
        long bytes;
        try (InputStream in = Files.newInputStream(content)) {
            bytes = store.put(FileObject.storageKey(fileId), in, Long.MAX_VALUE);
        }
        Instant now = clock.instant();
        files.save(FileObject.of(fileId, bytes, now.getEpochSecond(), now.plus(files.ttl()).getEpochSecond(),
                filename, FileObject.PURPOSE_BATCH_OUTPUT), now.toEpochMilli(), tenant);
        return fileId;
    }

    private static void write(OutputStream out, byte[] line) {
        try {
            out.write(line);
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path path) {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // a temporary file the OS cleans up
            }
        }
    }
}
