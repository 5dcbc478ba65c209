package dev.llmpool.launcher.batch;

import dev.llmpool.core.batch.BatchError;
import dev.llmpool.core.batch.BatchObject;
import dev.llmpool.core.batch.BatchStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A batch told for a person: the end-of-watch summary and {@code llmpool batch status}. Pure. */
public final class BatchReport {

    /** Validation errors shown before "… and N more". */
    static final int ERRORS_SHOWN = 10;

    private BatchReport() {
    }

    /**
     * The exit code of a watch that saw the batch end: 0 completed (some lines may have failed: they are in the
     * error file), 3 failed validation, 4 expired, 5 cancelled.
     */
    public static int exitCode(BatchStatus status) {
        return switch (status) {
            case COMPLETED -> 0;
            case FAILED -> 3;
            case EXPIRED -> 4;
            case CANCELLED -> 5;
            default -> 6;
        };
    }

    /**
     * @param cost    its cost: exact from the output file when it has one, else the estimate
     * @param byModel the output file's cost per model, or null
     */
    public static String describe(BatchObject batch, Cost cost, OutputCost byModel) {
        StringBuilder text = new StringBuilder();
        text.append("batch ").append(batch.id()).append(' ').append(batch.status().json());
        Long ended = endedAt(batch);
        if (ended != null) {
            text.append(" after ").append(ProgressFormat.duration(Duration.ofSeconds(ended - batch.createdAt())));
        }
        text.append('\n');
        BatchObject.RequestCounts counts = batch.requestCounts();
        if (batch.status() == BatchStatus.FAILED && batch.errors() != null) {
            errors(text, batch.id(), batch.errors().data());
        } else if (counts != null && counts.total() > 0) {
            long done = counts.completed() + counts.failed();
            row(text, "lines", (done == counts.total() ? ProgressFormat.count(counts.total())
                    : ProgressFormat.count(done) + "/" + ProgressFormat.count(counts.total())) + ": "
                    + ProgressFormat.count(counts.completed()) + " completed, " + ProgressFormat.count(counts.failed())
                    + " failed");
        }
        BatchObject.Usage usage = batch.usage();
        if (usage != null && usage.totalTokens() > 0) {
            row(text, "tokens", ProgressFormat.count(usage.totalTokens()) + " (" + ProgressFormat.count(
                    usage.inputTokens()) + " in, " + ProgressFormat.count(usage.outputTokens()) + " out)");
        }
        if (batch.status() != BatchStatus.FAILED) {
            row(text, "cost", (ProgressFormat.money(cost) + " " + costNote(cost)).strip());
            if (byModel != null && byModel.byModel().size() > 1) {
                byModel.byModel().forEach((model, share) -> text.append(String.format("%14s%-20s %7s line%s %11s "
                                + "tokens  $%s\n", "", model, ProgressFormat.count(share.lines()),
                        share.lines() == 1 ? " " : "s", ProgressFormat.count(share.inputTokens()
                                + share.outputTokens()), ProgressFormat.usd(share.usd()))));
            }
        }
        row(text, "input", batch.inputFileId());
        if (batch.outputFileId() != null) {
            row(text, "output", batch.outputFileId());
        }
        if (batch.errorFileId() != null) {
            row(text, "errors", batch.errorFileId());
        }
        if (ended == null) {
            row(text, "created", Instant.ofEpochSecond(batch.createdAt()).toString()
                    + (batch.expiresAt() == null ? "" : ", expires " + Instant.ofEpochSecond(batch.expiresAt())));
        }
        Map<String, String> metadata = batch.metadata();
        if (metadata != null && !metadata.isEmpty()) {
            row(text, "metadata", metadata.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(", ")));
        }
        String next = next(batch);
        if (next != null) {
            text.append(next).append('\n');
        }
        return text.toString();
    }

    private static String costNote(Cost cost) {
        List<String> parts = new ArrayList<>();
        if (cost.usd() != null) {
            parts.add(cost.exact() ? "each answer's model and usage at the catalog prices"
                    : "estimate: the token totals at the input's model mix");
        }
        if (cost.note() != null) {
            parts.add(cost.note());
        }
        return parts.isEmpty() ? "" : "(" + String.join("; ", parts) + ")";
    }

    private static void errors(StringBuilder text, String batchId, List<BatchError> errors) {
        row(text, "invalid", errors.size() + " problem" + (errors.size() == 1 ? "" : "s")
                + " in the input; no line was run");
        for (BatchError error : errors.subList(0, Math.min(ERRORS_SHOWN, errors.size()))) {
            text.append(String.format("%14s%s%s\n", "", error.code() == null ? "" : error.code() + ": ",
                    error.message()));
        }
        if (errors.size() > ERRORS_SHOWN) {
            text.append(String.format("%14s… and %d more (llmpool batch status %s --json)\n", "",
                    errors.size() - ERRORS_SHOWN, batchId));
        }
    }

    private static String next(BatchObject batch) {
        return switch (batch.status()) {
            case COMPLETED, EXPIRED, CANCELLED -> {
                if (batch.outputFileId() == null && batch.errorFileId() == null) {
                    yield null;
                }
                String download = "next: llmpool batch download " + batch.id();
                yield batch.errorFileId() == null ? download : download + "\n      llmpool batch retry "
                        + batch.id() + "   (a new batch of the lines that did not complete)";
            }
            case FAILED -> "next: fix the lines named above and submit the file again";
            default -> "follow it: llmpool batch status " + batch.id() + " --watch";
        };
    }

    private static Long endedAt(BatchObject batch) {
        return switch (batch.status()) {
            case COMPLETED -> batch.completedAt();
            case FAILED -> batch.failedAt();
            case EXPIRED -> batch.expiredAt();
            case CANCELLED -> batch.cancelledAt();
            default -> null;
        };
    }

    private static void row(StringBuilder text, String label, String value) {
        text.append(String.format("  %-10s  %s\n", label, value));
    }
}
