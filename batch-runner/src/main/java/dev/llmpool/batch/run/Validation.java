package dev.llmpool.batch.run;

import dev.llmpool.batch.lines.InputCheck;
import dev.llmpool.core.batch.BatchError;
import dev.llmpool.core.batch.BatchRecord;
import dev.llmpool.core.batch.BatchRecords;
import dev.llmpool.core.batch.BatchStatus;
import dev.llmpool.core.batch.JsonLines;
import dev.llmpool.schemas.json.JsonCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates a {@code validating} batch's input file, streamed once: {@code in_progress} with its total when every line
 * is good, else {@code failed} with {@code errors} naming each bad line. A batch cancelled meanwhile keeps
 * {@code cancelling} (its total is still recorded).
 */
public final class Validation {

    private static final Logger log = LoggerFactory.getLogger(Validation.class);

    private final InputFiles inputs;
    private final InputCheck check;
    private final BatchRecords records;
    private final JsonCodec codec;
    private final Clock clock;

    public Validation(InputFiles inputs, InputCheck check, BatchRecords records, JsonCodec codec, Clock clock) {
        this.inputs = inputs;
        this.check = check;
        this.records = records;
        this.codec = codec;
        this.clock = clock;
    }

    public void validate(BatchRecord batch) {
        InputCheck.Result result;
        Optional<JsonLines> lines = inputs.open(batch.inputFileId());
        if (lines.isEmpty()) {
            result = new InputCheck.Result(0, List.of(new BatchError("file_not_found", "The input file "
                    + batch.inputFileId() + " no longer exists.", "input_file_id", null)));
        } else {
            try (JsonLines input = lines.get()) {
                result = check.check(input, batch.endpoint());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Instant now = clock.instant();
        if (result.valid()) {
            String total = Long.toString(result.lines());
            if (!records.transition(batch.id(), EnumSet.of(BatchStatus.VALIDATING), BatchStatus.IN_PROGRESS,
                    Map.of(BatchRecord.TOTAL, total, BatchRecord.IN_PROGRESS_AT,
                            Long.toString(now.getEpochSecond())))) {
                records.set(batch.id(), Map.of(BatchRecord.TOTAL, total));
            }
            log.info("Batch {}: {} lines valid, running", batch.id(), result.lines());
        } else {
            records.transition(batch.id(), EnumSet.of(BatchStatus.VALIDATING, BatchStatus.CANCELLING),
                    BatchStatus.FAILED, Map.of(BatchRecord.ERRORS, codec.toJson(result.errors()),
                            BatchRecord.FAILED_AT, Long.toString(now.getEpochSecond())));
            log.info("Batch {} failed validation: {}", batch.id(), result.errors().getFirst().message());
        }
    }
}
