package dev.llmpool.workers.provider.errors;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Go-style duration as OpenAI's reset headers send it ({@code 6m0s}, {@code 1s}, {@code 12ms}, {@code 1h2m3.5s},
 * {@code 250us}) and Gemini's {@code RetryInfo.retryDelay} ({@code 36s}, {@code 1.500s}). Hand-written on purpose:
 * Spring's {@code DurationFormatterUtils} (composite style) is the nearest library on the classpath and rejects the
 * fractions both providers send ({@code 1.5s}, {@code 7m12.345s}).
 */
public final class GoDuration {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|ms|m|s|us|µs|ns)");

    private GoDuration() {
    }

    /** Whole milliseconds, rounded up; a bare number is seconds. Null when the text is not a duration. */
    public static Long toMillis(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.trim();
        if (text.chars().allMatch(c -> Character.isDigit(c) || c == '.')) {
            return RetryAfter.seconds(text);
        }
        Matcher matcher = PART.matcher(text);
        BigDecimal nanos = BigDecimal.ZERO;
        int position = 0;
        while (matcher.find()) {
            if (matcher.start() != position) {
                return null;
            }
            position = matcher.end();
            BigDecimal amount = new BigDecimal(matcher.group(1));
            nanos = nanos.add(amount.multiply(BigDecimal.valueOf(unitNanos(matcher.group(2)))));
        }
        if (position == 0 || position != text.length()) {
            return null;
        }
        return nanos.divide(BigDecimal.valueOf(1_000_000L), 0, RoundingMode.CEILING).longValue();
    }

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "h" -> 3_600_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "s" -> 1_000_000_000L;
            case "ms" -> 1_000_000L;
            case "us", "µs" -> 1_000L;
            default -> 1L;
        };
    }
}
