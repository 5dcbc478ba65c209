package dev.llmpool.batch.lines;

import dev.llmpool.core.batch.BatchError;
import dev.llmpool.core.batch.JsonLines;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a whole input file, streamed once: every line with {@link LineValidator}, custom_ids used twice, the number
 * of lines. The errors are capped at {@code maxErrors}; one more entry says how many lines more are wrong.
 */
public final class InputCheck {

    /** @param lines the file's lines; {@code errors} empty when every line is good */
    public record Result(long lines, List<BatchError> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    private final LineValidator validator;
    private final int maxLines;
    private final int maxErrors;

    public InputCheck(LineValidator validator, int maxLines, int maxErrors) {
        this.validator = validator;
        this.maxLines = maxLines;
        this.maxErrors = maxErrors;
    }

    public Result check(JsonLines lines, String endpoint) throws IOException {
        Set<String> customIds = new HashSet<>();
        List<BatchError> errors = new ArrayList<>();
        long wrong = 0;
        long count = 0;
        for (JsonLines.Line line = lines.next(); line != null; line = lines.next()) {
            count++;
            BatchError error = switch (validator.check(line, endpoint)) {
                case LineCheck.Invalid invalid -> invalid.error();
                case LineCheck.Valid valid -> customIds.add(valid.customId()) ? null : new BatchError(
                        "duplicate_custom_id", "Line " + line.number() + ": the custom_id '" + valid.customId()
                        + "' is used by an earlier line; each line needs its own.", "custom_id", (int) line.number());
            };
            if (error != null) {
                wrong++;
                if (errors.size() < maxErrors) {
                    errors.add(error);
                }
            }
        }
        if (count == 0) {
            errors.add(new BatchError("empty_file", "The input file has no lines.", null, null));
        } else if (count > maxLines) {
            errors.addFirst(new BatchError("too_many_lines", "The input file has " + count + " lines; a batch has "
                    + "at most " + maxLines + " (llmpool.batch.max-lines).", null, null));
        }
        if (wrong > maxErrors) {
            errors.add(new BatchError("too_many_errors", (wrong - maxErrors) + " more lines have errors; fix the ones "
                    + "named and check the file again.", null, null));
        }
        return new Result(count, List.copyOf(errors));
    }
}
