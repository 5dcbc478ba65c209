package dev.llmpool.gateway.batches;

import dev.llmpool.core.batch.BatchIds;
import dev.llmpool.core.batch.BatchRecord;
import dev.llmpool.core.batch.BatchRecords;
import dev.llmpool.core.batch.BatchStatus;
import dev.llmpool.core.batch.FileObject;
import dev.llmpool.core.batch.FileRecords;
import dev.llmpool.gateway.error.ApiException;
import dev.llmpool.gateway.error.BatchApiErrors;
import dev.llmpool.gateway.tenancy.Caller;
import dev.llmpool.schemas.envelope.BatchCommand;
import dev.llmpool.schemas.json.JsonCodec;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Creates and cancels batches: the record in Redis first ({@code validating}, or {@code cancelling}), then a command
 * to the runners. The gateway never runs a batch.
 */
public class Batches {

    private final BatchRecords records;
    private final FileRecords files;
    private final BatchCommands commands;
    private final JsonCodec codec;
    private final Clock clock;

    public Batches(BatchRecords records, FileRecords files, BatchCommands commands, JsonCodec codec, Clock clock) {
        this.records = records;
        this.files = files;
        this.commands = commands;
        this.codec = codec;
        this.clock = clock;
    }

    /** A new batch of an uploaded {@code batch} file, the caller's (its lines are the caller's tenant's jobs). */
    public BatchRecord create(BatchCreateRequest request, Caller caller) {
        FileObject input = files.find(request.inputFileId()).filter(f -> BatchIds.plausible(f.id(),
                        BatchIds.FILE_PREFIX)).filter(f -> caller.sees(files.owner(f.id())))
                .orElseThrow(() -> BatchApiErrors.inputFileNotFound(request.inputFileId()));
        if (!FileObject.PURPOSE_BATCH.equals(input.purpose())) {
            throw ApiException.invalidValue("input_file_id", "the file " + input.id() + " has purpose '"
                    + input.purpose() + "'; a batch reads a file uploaded with purpose 'batch'.");
        }
        String id = BatchIds.newBatchId();
        Instant now = clock.instant();
        Map<String, String> fields = new LinkedHashMap<>(BatchRecord.newBatch(id, request.endpoint(), input.id(),
                request.windowText(), request.window(), request.metadata(), now, codec));
        if (caller.tenant() != null) {
            fields.put(BatchRecord.TENANT, caller.tenant());
        }
        if (caller.keyId() != null) {
            fields.put(BatchRecord.KEY_ID, caller.keyId());
        }
        records.create(fields, now.toEpochMilli());
        BatchRecord created = find(id, caller);
        commands.send(BatchCommand.Type.CREATED, id);
        return created;
    }

    /** The batch, if the caller may see it (another tenant's batch is not found: 404). */
    public BatchRecord find(String id, Caller caller) {
        return (BatchIds.plausible(id, BatchIds.BATCH_PREFIX) ? records.find(id) : Optional.<BatchRecord>empty())
                .filter(batch -> caller.sees(batch.tenant()))
                .orElseThrow(() -> BatchApiErrors.batchNotFound(id));
    }

    /**
     * Cancels a batch that is validating or running ({@code cancelling}; the runners finish it as
     * {@code cancelled}); a batch already cancelling or cancelled is answered as it is.
     */
    public BatchRecord cancel(String id, Caller caller) {
        BatchRecord batch = find(id, caller);
        if (batch.status() == BatchStatus.CANCELLING || batch.status() == BatchStatus.CANCELLED) {
            return batch;
        }
        Instant now = clock.instant();
        boolean moved = records.transition(id, EnumSet.of(BatchStatus.VALIDATING, BatchStatus.IN_PROGRESS),
                BatchStatus.CANCELLING, Map.of(BatchRecord.CANCELLING_AT, Long.toString(now.getEpochSecond()),
                        BatchRecord.CANCELLING_MS, Long.toString(now.toEpochMilli())));
        BatchRecord after = find(id, caller);
        if (!moved && after.status() != BatchStatus.CANCELLING) {
            throw BatchApiErrors.notCancellable(id, after.status().json());
        }
        records.stop(id);
        commands.send(BatchCommand.Type.CANCEL, id);
        return after;
    }
}
