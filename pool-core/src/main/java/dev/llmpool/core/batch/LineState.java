package dev.llmpool.core.batch;

import java.util.Locale;

/**
 * How a batch line ended, as its ledger keeps it. A line gets a state once; {@link #COMPLETED} lines go to the
 * output file, all others to the error file ({@link #EXPIRED} and {@link #CANCELLED} lines never ran to an end).
 */
public enum LineState {
    COMPLETED, FAILED, EXPIRED, CANCELLED;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LineState parse(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** The {@code error.code} of a line that never ran to an end. */
    public String neverRanCode() {
        return switch (this) {
            case EXPIRED -> "batch_expired";
            case CANCELLED -> "batch_cancelled";
            default -> throw new IllegalStateException(this + " lines ran");
        };
    }
}
