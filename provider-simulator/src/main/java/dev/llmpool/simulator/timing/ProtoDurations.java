package dev.llmpool.simulator.timing;

import java.time.Duration;
import java.util.Locale;

/**
 * Protobuf durations in their JSON form, as Google's APIs write them ({@code google.rpc.RetryInfo.retryDelay}):
 * seconds with an {@code s} suffix and 0, 3, 6 or 9 fractional digits, whichever is exact: {@code 36s},
 * {@code 1.500s}, {@code 0.000250s}.
 */
public final class ProtoDurations {

    private ProtoDurations() {
    }

    public static String format(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("negative duration " + duration);
        }
        long seconds = duration.getSeconds();
        int nanos = duration.getNano();
        if (nanos == 0) {
            return seconds + "s";
        }
        if (nanos % 1_000_000 == 0) {
            return String.format(Locale.ROOT, "%d.%03ds", seconds, nanos / 1_000_000);
        }
        if (nanos % 1_000 == 0) {
            return String.format(Locale.ROOT, "%d.%06ds", seconds, nanos / 1_000);
        }
        return String.format(Locale.ROOT, "%d.%09ds", seconds, nanos);
    }
}
