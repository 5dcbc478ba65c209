package dev.llmpool.simulator.timing;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;

/**
 * Durations as Go prints them ({@code 6m0s}, {@code 1s}, {@code 8.64s}, {@code 12ms}), the form OpenAI uses in its
 * {@code x-ratelimit-reset-*} headers. Formatting rounds up to whole milliseconds, so a client never waits too
 * little. Parsing also accepts ISO-8601 ({@code PT0.25S}) and a bare number of milliseconds.
 */
public final class GoDurations {

    private static final long MS_PER_SECOND = 1_000;
    private static final long MS_PER_MINUTE = 60 * MS_PER_SECOND;
    private static final long MS_PER_HOUR = 60 * MS_PER_MINUTE;

    private GoDurations() {
    }

    /** Go's {@code Duration.String()} of {@code duration} rounded up to milliseconds; negative counts as zero. */
    public static String format(Duration duration) {
        return formatMillis(ceilMillis(duration));
    }

    /** Go's {@code Duration.String()} of a whole number of milliseconds; negative counts as zero. */
    public static String formatMillis(long millis) {
        if (millis <= 0) {
            return "0s";
        }
        if (millis < MS_PER_SECOND) {
            return millis + "ms";
        }
        StringBuilder out = new StringBuilder(12);
        long hours = millis / MS_PER_HOUR;
        long minutes = millis % MS_PER_HOUR / MS_PER_MINUTE;
        long seconds = millis % MS_PER_MINUTE / MS_PER_SECOND;
        long fraction = millis % MS_PER_SECOND;
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            out.append(minutes).append('m');
        }
        out.append(seconds);
        if (fraction > 0) {
            String digits = String.format(Locale.ROOT, "%03d", fraction);
            int end = digits.length();
            while (digits.charAt(end - 1) == '0') {
                end--;
            }
            out.append('.').append(digits, 0, end);
        }
        return out.append('s').toString();
    }

    /** Whole milliseconds, rounded up; negative counts as zero. */
    public static long ceilMillis(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            return 0;
        }
        long millis = duration.toMillis();
        return duration.minusMillis(millis).isZero() ? millis : millis + 1;
    }

    /** Whole seconds, rounded up, as in a {@code retry-after} header; negative counts as zero. */
    public static long ceilSeconds(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            return 0;
        }
        long seconds = duration.getSeconds();
        return duration.getNano() == 0 ? seconds : seconds + 1;
    }

    /**
     * Parses {@code 250ms}, {@code 1m30s}, {@code 1.5s}, {@code 2h}, {@code 500us}, {@code 0}, a bare number of
     * milliseconds ({@code 250}) or ISO-8601 ({@code PT0.25S}).
     *
     * @throws IllegalArgumentException when the text is none of these or is negative
     */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("duration must not be blank");
        }
        String value = text.strip();
        if (value.charAt(0) == 'P' || value.charAt(0) == 'p') {
            return nonNegative(text, parseIso(text, value));
        }
        if (isPlainNumber(value)) {
            return nonNegative(text, Duration.ofNanos(new BigDecimal(value).movePointRight(6).longValueExact()));
        }
        BigDecimal nanos = BigDecimal.ZERO;
        int i = 0;
        while (i < value.length()) {
            int numberStart = i;
            while (i < value.length() && (Character.isDigit(value.charAt(i)) || value.charAt(i) == '.')) {
                i++;
            }
            int unitStart = i;
            while (i < value.length() && !Character.isDigit(value.charAt(i)) && value.charAt(i) != '.') {
                i++;
            }
            if (numberStart == unitStart || unitStart == i) {
                throw invalid(text);
            }
            BigDecimal number = number(text, value.substring(numberStart, unitStart));
            nanos = nanos.add(number.multiply(BigDecimal.valueOf(nanosPerUnit(text, value.substring(unitStart, i)))));
        }
        try {
            return Duration.ofNanos(nanos.longValueExact());
        } catch (ArithmeticException e) {
            throw invalid(text);
        }
    }

    private static Duration parseIso(String text, String value) {
        try {
            return Duration.parse(value);
        } catch (RuntimeException e) {
            throw invalid(text);
        }
    }

    private static boolean isPlainNumber(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!Character.isDigit(c) && c != '.') {
                return false;
            }
        }
        return true;
    }

    private static BigDecimal number(String text, String digits) {
        try {
            return new BigDecimal(digits);
        } catch (NumberFormatException e) {
            throw invalid(text);
        }
    }

    private static long nanosPerUnit(String text, String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> throw invalid(text);
        };
    }

    private static Duration nonNegative(String text, Duration duration) {
        if (duration.isNegative()) {
            throw invalid(text);
        }
        return duration;
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("not a duration: '" + text + "' (use e.g. 250ms, 1.5s, 1m30s or PT0.25S)");
    }
}
